export { ConnectException, type ConnectExceptionOptions, NotFoundException } from './errors.ts';
