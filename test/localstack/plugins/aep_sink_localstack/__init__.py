"""LocalStack plugins for the AEP sink's LocalStack suite.

- ``dynamodb:dynalite`` (``PROVIDER_OVERRIDE_DYNAMODB=dynalite``): LocalStack's own DynamoDB provider, with dynalite
  (a Node.js implementation of the DynamoDB API) as its backend instead of DynamoDB Local, which needs Java 21 and a
  download at run time.
- ``host-process`` (``LAMBDA_RUNTIME_EXECUTOR=host-process``): runs Node.js functions as processes on the host
  instead of in Docker containers, speaking the protocol of LocalStack's executor endpoint.
"""
