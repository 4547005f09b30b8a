/** Socket.io room names, built in one place so publishers and subscribers agree. */
export const rooms = {
  employee: (id: string) => `employee:${id}`,
  room: (id: string) => `room:${id}`,
  specialist: (id: string) => `specialist:${id}`,
  client: (id: string) => `client:${id}`,
  dashboard: (unitId: string) => `dashboard:${unitId}`,
  /** Month reports and invoices changing (confirmed, sent, failed): ids and states, no client data. */
  billing: "billing",
  /** General work logged and time sheets approved or re-opened, institution-wide: people's ids only. */
  work: "work",
  /** The sockets of one sign-in, closed when it is revoked; never joined on request. */
  authSession: (sid: string) => `auth-session:${sid}`,
};
