// kafkajs' internal request queue class (CommonJS, no types of its own), patched by request-queue.ts.
declare module 'kafkajs/src/network/requestQueue/index.js' {
  const RequestQueue: { prototype: object };
  export default RequestQueue;
}
