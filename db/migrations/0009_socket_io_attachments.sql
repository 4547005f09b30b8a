-- The Socket.io PostgreSQL adapter carries events between app instances with NOTIFY; payloads
-- too large for a notification go through this table (its documented schema). Our events are
-- small, so it normally stays empty.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
