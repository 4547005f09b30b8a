import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { catalogueRouter } from "./routers/catalogue";
import { clientsRouter } from "./routers/clients";
import { documentsRouter } from "./routers/documents";
import { fundingRouter } from "./routers/funding";
import { schedulingRouter } from "./routers/scheduling";
import { employeesRouter } from "./routers/employees";
import { meRouter } from "./routers/me";
import { paymentsRouter } from "./routers/payments";
import { plansRouter } from "./routers/plans";
import { reportsRouter } from "./routers/reports";
import { rolesRouter } from "./routers/roles";
import { searchRouter } from "./routers/search";
import { settingsRouter } from "./routers/settings";
import { specialtiesRouter } from "./routers/specialties";
import { unitsRouter } from "./routers/units";
import { vatRatesRouter } from "./routers/vat-rates";
import { workloadRouter } from "./routers/workload";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  account: accountRouter,
  units: unitsRouter,
  employees: employeesRouter,
  specialties: specialtiesRouter,
  roles: rolesRouter,
  settings: settingsRouter,
  audit: auditRouter,
  catalogue: catalogueRouter,
  vatRates: vatRatesRouter,
  clients: clientsRouter,
  funding: fundingRouter,
  scheduling: schedulingRouter,
  billing: billingRouter,
  payments: paymentsRouter,
  documents: documentsRouter,
  plans: plansRouter,
  workload: workloadRouter,
  reports: reportsRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
