"""LocalStack's DynamoDB provider backed by dynalite (``PROVIDER_OVERRIDE_DYNAMODB=dynalite``).

The provider forwards DynamoDB API requests to a backend server it starts on a free port. Here that server is
``node <DYNALITE_CLI> --port <port>`` (in memory, so each LocalStack run starts empty) instead of DynamoDB Local.
Everything else (request routing, ARNs, global tables, CloudFormation resources) is LocalStack's provider unchanged.

Settings (environment): ``DYNALITE_CLI``, the path of dynalite's ``cli.js`` (required); ``DYNALITE_NODE``, the Node.js
binary to run it with (default ``node``).
"""

import logging
import os

from localstack import config
from localstack.aws.api import CommonServiceException, RequestContext, ServiceRequest, ServiceResponse
from localstack.aws.forwarder import HttpFallbackDispatcher
from localstack.services.dynamodb.provider import DynamoDBProvider
from localstack.services.dynamodb.server import DynamodbServer
from localstack.services.plugins import Service, aws_provider
from localstack.utils.objects import singleton_factory
from localstack.utils.run import ShellCommandThread
from localstack.utils.threads import TMP_THREADS

LOG = logging.getLogger(__name__)

# dynalite keeps a new table CREATING (and a deleted one DELETING) for 500 ms by default; a short delay keeps the
# transition visible to waiters without slowing deployments down.
TABLE_TRANSITION_MS = "50"
DYNALITE_NOTHING_TO_UPDATE = "At least one of ProvisionedThroughput, BillingMode"


class DynaliteServer(DynamodbServer):
    """The DynamoDB backend server, as dynalite in memory instead of DynamoDB Local."""

    @staticmethod
    @singleton_factory
    def get() -> "DynaliteServer":
        return DynaliteServer(config.DYNAMODB_LOCAL_PORT, host="127.0.0.1")

    def _create_shell_command(self) -> list[str]:
        cli = os.environ.get("DYNALITE_CLI")
        if not cli or not os.path.isfile(cli):
            raise RuntimeError(f"DYNALITE_CLI must name dynalite's cli.js, got {cli!r}")
        transitions = ["--createTableMs", "--deleteTableMs", "--updateTableMs"]
        return [
            os.environ.get("DYNALITE_NODE", "node"),
            cli,
            "--host",
            self.host,
            "--port",
            str(self.port),
            *[arg for flag in transitions for arg in (flag, TABLE_TRANSITION_MS)],
        ]

    def do_start_thread(self):
        cmd = self._create_shell_command()
        LOG.debug("Starting dynalite: %s", cmd)
        thread = ShellCommandThread(
            cmd,
            strip_color=True,
            log_listener=lambda line, **_: LOG.debug(line.rstrip()),
            auto_restart=True,
            name="dynalite",
        )
        TMP_THREADS.append(thread)
        thread.start()
        return thread


class DynaliteDynamoDBProvider(DynamoDBProvider):
    """LocalStack's DynamoDB provider with a dynalite backend."""

    @staticmethod
    def _new_dynamodb_server() -> DynamodbServer:
        return DynaliteServer.get()

    def forward_request(self, context: RequestContext, service_request: ServiceRequest = None) -> ServiceResponse:
        try:
            return super().forward_request(context, service_request)
        except CommonServiceException as e:
            # An UpdateTable that changes nothing the backend stores (e.g. only ReplicaUpdates, as CloudFormation's
            # AWS::DynamoDB::GlobalTable sends): DynamoDB Local answers "Nothing to update", which the provider
            # handles itself; dynalite refuses the request with another message.
            if context.operation.name == "UpdateTable" and e.message.startswith(DYNALITE_NOTHING_TO_UPDATE):
                raise CommonServiceException("ValidationException", "Nothing to update") from e
            raise


@aws_provider(api="dynamodb", name="dynalite")
def dynamodb_dynalite():
    """The same service wiring as LocalStack's default ``dynamodb`` provider, with the dynalite backend."""
    provider = DynaliteDynamoDBProvider()
    return Service.for_provider(
        provider,
        dispatch_table_factory=lambda p: HttpFallbackDispatcher(p, p.get_forward_url),
    )
