export { default } from "../(buyer)/layout";
