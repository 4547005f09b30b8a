/** Socket.io room names, built in one place so publishers and subscribers agree. */
export const rooms = {
  employee: (id: string) => `employee:${id}`,
  room: (id: string) => `room:${id}`,
  specialist: (id: string) => `specialist:${id}`,
  client: (id: string) => `client:${id}`,
  dashboard: (unitId: string) => `dashboard:${unitId}`,
};
