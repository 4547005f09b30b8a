-- The month of an instant, as the institution counts it (Europe/Tallinn).
CREATE OR REPLACE FUNCTION tallinn_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', at AT TIME ZONE 'Europe/Tallinn')::date
$$;
