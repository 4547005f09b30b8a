import enCatalogue from "./en/catalogue.json";
import enClients from "./en/clients.json";
import enCommon from "./en/common.json";
import etCatalogue from "./et/catalogue.json";
import etClients from "./et/clients.json";
import etCommon from "./et/common.json";

/** Messages per area, one file each, so features can be worked on side by side. */
export const MESSAGES = {
  et: { ...etCommon, ...etCatalogue, ...etClients },
  en: { ...enCommon, ...enCatalogue, ...enClients },
};
