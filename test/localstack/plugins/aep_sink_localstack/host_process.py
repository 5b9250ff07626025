"""A LocalStack Lambda runtime executor that runs Node.js functions as host processes
(``LAMBDA_RUNTIME_EXECUTOR=host-process``).

LocalStack's own executor starts a Docker container per execution environment, whose init process registers with
LocalStack's executor endpoint (``POST <runtime endpoint>/status/<id>/ready``), receives invocations on
``POST /invoke`` and posts each result back (``.../invocations/<request id>/response`` or ``.../error``). This
executor starts ``<HOST_LAMBDA_NODE> <HOST_LAMBDA_RUNTIME>`` instead: a Node.js process on 127.0.0.1 that speaks the
same protocol and imports the function's unzipped code in place. The function gets the environment LocalStack gives
a container (its variables, credentials, ``AWS_ENDPOINT_URL``), with ``LAMBDA_TASK_ROOT`` pointing at the code.

Settings (environment): ``HOST_LAMBDA_NODE``, the Node.js binary (default ``node``); ``HOST_LAMBDA_RUNTIME``, the
runtime script (required).

Not emulated: memory limits, the sandbox (a function can read the host's files), layers, container images and
runtimes other than Node.js.
"""

import logging
import os
import shutil
import subprocess
from pathlib import Path

from localstack import config
from localstack.services.lambda_.invocation.executor_endpoint import ExecutorEndpoint
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin
from localstack.services.lambda_.invocation.runtime_executor import (
    LambdaRuntimeException,
    RuntimeExecutor,
)
from localstack.utils.net import get_free_tcp_port

LOG = logging.getLogger(__name__)

HOST = "127.0.0.1"
# Seconds a process gets to exit after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 5
# Environment variables of LocalStack's own process that a function process also gets (it needs no others).
INHERITED = ("PATH", "HOME", "LANG", "TMPDIR")


def _node() -> str:
    return os.environ.get("HOST_LAMBDA_NODE", "node")


def _runtime_script() -> str:
    script = os.environ.get("HOST_LAMBDA_RUNTIME", "")
    if not os.path.isfile(script):
        raise LambdaRuntimeException(f"HOST_LAMBDA_RUNTIME must name the runtime script, got {script!r}")
    return script


class HostProcessRuntimeExecutor(RuntimeExecutor):
    """One execution environment: one Node.js process listening on its own port on 127.0.0.1."""

    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self.port = get_free_tcp_port()
        self.executor_endpoint = ExecutorEndpoint(self.id, container_address=HOST, container_port=self.port)
        self.process: subprocess.Popen | None = None
        self.log_path = Path(config.dirs.tmp) / "lambda-host-process" / f"{self.id}.log"

    def start(self, env_vars: dict[str, str]) -> None:
        self.executor_endpoint.start()
        code = str(self.function_version.config.code.get_unzipped_code_location())
        env = {key: os.environ[key] for key in INHERITED if key in os.environ}
        env.update({key: str(value) for key, value in env_vars.items()})
        env.update({"LAMBDA_TASK_ROOT": code, "HOST_LAMBDA_PORT": str(self.port)})
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [_node(), _runtime_script()],
                cwd=code,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        LOG.debug("Started %s for %s as pid %s", self.id, self.function_version.qualified_arn, self.process.pid)
        self.executor_endpoint.wait_for_startup()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:
            self.executor_endpoint.shutdown()
        except Exception as e:
            LOG.debug("Error while stopping the executor endpoint of %s: %s", self.id, e)

    def get_address(self) -> str:
        return HOST

    def get_endpoint_from_executor(self) -> str:
        return HOST

    def get_runtime_endpoint(self) -> str:
        port = config.GATEWAY_LISTEN[0].port
        return f"http://{HOST}:{port}{self.executor_endpoint.get_endpoint_prefix()}"

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        return self.executor_endpoint.invoke(payload)

    def get_logs(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "The process was not started"

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        runtime = function_version.config.runtime or ""
        if not runtime.startswith("nodejs"):
            raise LambdaRuntimeException(
                f"The host-process executor runs Node.js functions only, not {runtime or 'container images'}"
            )
        if function_version.config.layers:
            raise LambdaRuntimeException("The host-process executor does not support layers")
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        if shutil.which(_node()) is None:
            LOG.warning("The host-process Lambda executor needs Node.js: %s was not found", _node())
            return False
        return True


class HostProcessExecutorPlugin(RuntimeExecutorPlugin):
    name = "host-process"

    def load(self, *args, **kwargs):
        return HostProcessRuntimeExecutor
