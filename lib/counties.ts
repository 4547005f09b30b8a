/**
 * Estonia's fifteen counties (maakonnad) since the 2017 reform. A client's county is recorded
 * with their address (clients.county, checked against this list by clients_county_known) so the
 * clients report can count by it; the key is stored, the names are shown.
 */
export const COUNTIES = [
  "harju",
  "hiiu",
  "ida-viru",
  "jogeva",
  "jarva",
  "laane",
  "laane-viru",
  "polva",
  "parnu",
  "rapla",
  "saare",
  "tartu",
  "valga",
  "viljandi",
  "voru",
] as const;
export type County = (typeof COUNTIES)[number];

export const COUNTY_NAMES: Record<County, { et: string; en: string }> = {
  harju: { et: "Harju maakond", en: "Harju County" },
  hiiu: { et: "Hiiu maakond", en: "Hiiu County" },
  "ida-viru": { et: "Ida-Viru maakond", en: "Ida-Viru County" },
  jogeva: { et: "Jõgeva maakond", en: "Jõgeva County" },
  jarva: { et: "Järva maakond", en: "Järva County" },
  laane: { et: "Lääne maakond", en: "Lääne County" },
  "laane-viru": { et: "Lääne-Viru maakond", en: "Lääne-Viru County" },
  polva: { et: "Põlva maakond", en: "Põlva County" },
  parnu: { et: "Pärnu maakond", en: "Pärnu County" },
  rapla: { et: "Rapla maakond", en: "Rapla County" },
  saare: { et: "Saare maakond", en: "Saare County" },
  tartu: { et: "Tartu maakond", en: "Tartu County" },
  valga: { et: "Valga maakond", en: "Valga County" },
  viljandi: { et: "Viljandi maakond", en: "Viljandi County" },
  voru: { et: "Võru maakond", en: "Võru County" },
};
