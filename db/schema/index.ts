export * from "./org";
export * from "./access";
export * from "./clients";
export * from "./settings";
export * from "./audit";
export * from "./catalogue";
export * from "./funding";
export * from "./scheduling";
