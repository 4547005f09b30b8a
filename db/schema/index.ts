export * from "./org";
export * from "./access";
export * from "./clients";
export * from "./settings";
export * from "./audit";
