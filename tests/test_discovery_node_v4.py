"""Discovery of Node.js v4 programming model apps by reading (never running) their JavaScript and TypeScript.

The expected bindings of ``LIBRARY_GOLDEN`` were produced by the real ``@azure/functions`` 4.16.5 and
``durable-functions`` 3.5.0 under Node.js 20 (with a stand-in for the worker's ``registerFunction`` that builds
``rawBindings`` as the worker does), so they pin the library's behaviour, generated binding names included.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from components.catalogue import CATALOGUE
from components.discovery import node_v4
from components.discovery.node_v4 import _range_major, discover_node_v4, glob_files
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

APPS = Path(__file__).parent / "apps"
EXAMPLES = Path(__file__).parent.parent / "examples"

PACKAGE = {"name": "app", "main": "index.js", "dependencies": {"@azure/functions": "^4.5.0"}}
CJS_HEADER = (
    "const { app, trigger, input, output } = require('@azure/functions');\n"
    "const df = require('durable-functions');\n"
    "const h = async () => {};\n"
)


def write_app(root: Path, files: dict[str, str], package: dict[str, Any] | None = PACKAGE) -> Path:
    """Write {relative path: source} under root (sources are dedented), plus package.json unless None."""
    root.mkdir(parents=True, exist_ok=True)
    if package is not None and "package.json" not in files:
        (root / "package.json").write_text(json.dumps(package), encoding="utf-8")
    for relative_path, source in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return root


def discover(root: Path, files: dict[str, str], package: dict[str, Any] | None = PACKAGE) -> tuple[FunctionSpec, ...]:
    return discover_node_v4(write_app(root, files, package))


def only(specs: tuple[FunctionSpec, ...]) -> FunctionSpec:
    assert len(specs) == 1, specs
    return specs[0]


def plain(spec: FunctionSpec) -> list[dict[str, Any]]:
    return [dict(binding) for binding in spec.bindings]


# --- every registration, exactly as the library and the worker build it ----------------------------------------

LIBRARY_GOLDEN: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "http": (
        "app.http('F', { methods: ['POST'], route: 'orders', authLevel: 'function', handler: h });",
        [
            {
                "methods": ["POST"],
                "route": "orders",
                "authLevel": "function",
                "type": "httpTrigger",
                "name": "httpTrigger8af9f926a5",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "http-defaults": (
        "app.http('F', { handler: h });",
        [
            {
                "authLevel": "anonymous",
                "methods": ["GET", "POST"],
                "type": "httpTrigger",
                "name": "httpTrigger433d175fc9",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "get-handler-only": (
        "app.get('F', h);",
        [
            {
                "methods": ["GET"],
                "authLevel": "anonymous",
                "type": "httpTrigger",
                "name": "httpTriggerdb77b8df34",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "post-options": (
        "app.post('F', { route: 'p/{id}', handler: h });",
        [
            {
                "route": "p/{id}",
                "methods": ["POST"],
                "authLevel": "anonymous",
                "type": "httpTrigger",
                "name": "httpTrigger393ed36f8d",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "put": (
        "app.put('F', h);",
        [
            {
                "methods": ["PUT"],
                "authLevel": "anonymous",
                "type": "httpTrigger",
                "name": "httpTrigger25d804d88d",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "patch": (
        "app.patch('F', { authLevel: 'admin', handler: h });",
        [
            {
                "authLevel": "admin",
                "methods": ["PATCH"],
                "type": "httpTrigger",
                "name": "httpTrigger03b65e8ce4",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "deleteRequest": (
        "app.deleteRequest('F', { route: 'items/{id}', methods: ['GET'], handler: h });",
        [
            {
                "route": "items/{id}",
                "methods": ["DELETE"],
                "authLevel": "anonymous",
                "type": "httpTrigger",
                "name": "httpTriggerbf86b05ce5",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "storageQueue": (
        "app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: h });",
        [
            {
                "queueName": "orders",
                "connection": "AzureWebJobsStorage",
                "type": "queueTrigger",
                "name": "queueTriggerfd428b0919",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "storageBlob": (
        "app.storageBlob('F', { path: 'invoices/{name}', connection: 'AzureWebJobsStorage', handler: h });",
        [
            {
                "path": "invoices/{name}",
                "connection": "AzureWebJobsStorage",
                "type": "blobTrigger",
                "name": "blobTrigger1633039cf3",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "serviceBusQueue": (
        "app.serviceBusQueue('F', { queueName: 'jobs', connection: "
        "'ServiceBusConnection', isSessionsEnabled: true, handler: h });",
        [
            {
                "queueName": "jobs",
                "connection": "ServiceBusConnection",
                "isSessionsEnabled": True,
                "type": "serviceBusTrigger",
                "name": "serviceBusTrigger267de126e0",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "serviceBusTopic": (
        "app.serviceBusTopic('F', { topicName: 'order-events', "
        "subscriptionName: 'billing', connection: 'ServiceBusConnection', "
        "handler: h });",
        [
            {
                "topicName": "order-events",
                "subscriptionName": "billing",
                "connection": "ServiceBusConnection",
                "type": "serviceBusTrigger",
                "name": "serviceBusTriggerbc260e756c",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "eventHub": (
        "app.eventHub('F', { eventHubName: 'telemetry', connection: "
        "'EventHubConnection', consumerGroup: '$Default', cardinality: 'many', "
        "handler: h });",
        [
            {
                "eventHubName": "telemetry",
                "connection": "EventHubConnection",
                "consumerGroup": "$Default",
                "cardinality": "many",
                "type": "eventHubTrigger",
                "name": "eventHubTriggerc9fa27207d",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "eventGrid": (
        "app.eventGrid('F', { handler: h });",
        [
            {
                "type": "eventGridTrigger",
                "name": "eventGridTrigger69f302e322",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "timer": (
        "app.timer('F', { schedule: '0 0 2 * * *', runOnStartup: false, handler: h });",
        [
            {
                "schedule": "0 0 2 * * *",
                "runOnStartup": False,
                "type": "timerTrigger",
                "name": "timerTriggerc6a20c4c55",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "cosmosDB": (
        "app.cosmosDB('F', { connection: 'CosmosConnection', databaseName: "
        "'shop', containerName: 'orders', createLeaseContainerIfNotExists: "
        "true, handler: h });",
        [
            {
                "connection": "CosmosConnection",
                "databaseName": "shop",
                "containerName": "orders",
                "createLeaseContainerIfNotExists": True,
                "type": "cosmosDBTrigger",
                "name": "cosmosDBTrigger9836ced8a6",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "sql": (
        "app.sql('F', { tableName: 'dbo.Orders', connectionStringSetting: 'SqlConnection', handler: h });",
        [
            {
                "tableName": "dbo.Orders",
                "connectionStringSetting": "SqlConnection",
                "type": "sqlTrigger",
                "name": "sqlTrigger4fef403a91",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "mySql": (
        "app.mySql('F', { tableName: 'Orders', connectionStringSetting: 'MySqlConnection', handler: h });",
        [
            {
                "tableName": "Orders",
                "connectionStringSetting": "MySqlConnection",
                "type": "mysqlTrigger",
                "name": "mysqlTrigger5f7531826c",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "webPubSub": (
        "app.webPubSub('F', { hub: 'chat', eventName: 'message', eventType: "
        "'user', connection: 'WebPubSubConnection', handler: h });",
        [
            {
                "hub": "chat",
                "eventName": "message",
                "eventType": "user",
                "connections": ["WebPubSubConnection"],
                "type": "webPubSubTrigger",
                "name": "webPubSubTrigger45a91ae8b6",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "warmup": (
        "app.warmup('F', { handler: h });",
        [
            {
                "type": "warmupTrigger",
                "name": "warmupTrigger8ed33b6264",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-kafka": (
        "app.generic('F', { trigger: trigger.generic({ type: 'kafkaTrigger', "
        "topic: 'clicks', brokerList: '%KafkaBrokers%', consumerGroup: "
        "'scorer', lagThreshold: 500 }), handler: h });",
        [
            {
                "type": "kafkaTrigger",
                "topic": "clicks",
                "brokerList": "%KafkaBrokers%",
                "consumerGroup": "scorer",
                "lagThreshold": 500,
                "name": "kafkaTrigger3cd790e45d",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-rabbitmq": (
        "app.generic('F', { trigger: trigger.generic({ type: "
        "'rabbitMQTrigger', queueName: 'jobs', connectionStringSetting: "
        "'RabbitConnection' }), handler: h });",
        [
            {
                "type": "rabbitMQTrigger",
                "queueName": "jobs",
                "connectionStringSetting": "RabbitConnection",
                "name": "rabbitMQTriggerc8198e90b0",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-type-without-suffix": (
        "app.generic('F', { trigger: trigger.generic({ type: 'rabbitMQ', "
        "queueName: 'jobs', connectionStringSetting: 'RabbitConnection' }), "
        "handler: h });",
        [
            {
                "type": "rabbitMQTrigger",
                "queueName": "jobs",
                "connectionStringSetting": "RabbitConnection",
                "name": "rabbitMQTriggerdc95de1562",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-literal-named": (
        "app.generic('F', { trigger: { type: 'redisListTrigger', name: "
        "'entry', connection: 'RedisConnection', key: 'jobs' }, handler: h });",
        [
            {
                "type": "redisListTrigger",
                "name": "entry",
                "connection": "RedisConnection",
                "key": "jobs",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-redis-stream": (
        "app.generic('F', { trigger: trigger.generic({ type: "
        "'redisStreamTrigger', connection: 'RedisConnection', key: 'events' "
        "}), handler: h });",
        [
            {
                "type": "redisStreamTrigger",
                "connection": "RedisConnection",
                "key": "events",
                "name": "redisStreamTriggerc5127b5b76",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "generic-helper-trigger": (
        "app.generic('F', { trigger: trigger.storageQueue({ queueName: 'q', "
        "connection: 'S' }), return: output.storageQueue({ queueName: 'out', "
        "connection: 'S' }), handler: h });",
        [
            {
                "queueName": "q",
                "connection": "S",
                "type": "queueTrigger",
                "name": "queueTriggerfc7115219a",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"queueName": "out", "connection": "S", "type": "queue", "name": "$return", "direction": "out"},
        ],
    ),
    "trigger-option-overrides": (
        "app.storageQueue('F', { queueName: 'ignored', trigger: "
        "trigger.timer({ schedule: '0 * * * * *' }), handler: h });",
        [
            {
                "schedule": "0 * * * * *",
                "type": "timerTrigger",
                "name": "timerTriggercdcef4dcf0",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "extra-bindings": (
        "app.storageQueue('F', { queueName: 'orders', connection: 'S', "
        "extraInputs: [input.storageBlob({ path: 'in/{queueTrigger}', "
        "connection: 'S' }), input.table({ tableName: 't', connection: 'S' }), "
        "input.cosmosDB({ databaseName: 'd', containerName: 'c', connection: "
        "'C', id: '{id}', partitionKey: '{pk}' })], extraOutputs: "
        "[output.serviceBusTopic({ topicName: 't', connection: 'SB' }), "
        "output.eventHub({ eventHubName: 'h', connection: 'EH' }), "
        "output.storageBlob({ path: 'out/{rand-guid}', connection: 'S' })], "
        "handler: h });",
        [
            {
                "queueName": "orders",
                "connection": "S",
                "type": "queueTrigger",
                "name": "queueTrigger3f0743c8ec",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "path": "in/{queueTrigger}",
                "connection": "S",
                "type": "blob",
                "name": "blobInputffdd5f1848",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "tableName": "t",
                "connection": "S",
                "type": "table",
                "name": "tableInpute414ca3b53",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "databaseName": "d",
                "containerName": "c",
                "connection": "C",
                "id": "{id}",
                "partitionKey": "{pk}",
                "type": "cosmosDB",
                "name": "cosmosDBInput88d513686a",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "topicName": "t",
                "connection": "SB",
                "type": "serviceBus",
                "name": "serviceBusOutput3c9203c3eb",
                "direction": "out",
            },
            {
                "eventHubName": "h",
                "connection": "EH",
                "type": "eventHub",
                "name": "eventHubOutput920bedc9ec",
                "direction": "out",
            },
            {
                "path": "out/{rand-guid}",
                "connection": "S",
                "type": "blob",
                "name": "blobOutputf6ebdf2b7c",
                "direction": "out",
            },
        ],
    ),
    "http-custom-return": (
        "app.http('F', { return: output.storageQueue({ queueName: 'q', connection: 'S' }), handler: h });",
        [
            {
                "authLevel": "anonymous",
                "methods": ["GET", "POST"],
                "type": "httpTrigger",
                "name": "httpTrigger433d175fc9",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"queueName": "q", "connection": "S", "type": "queue", "name": "$return", "direction": "out"},
        ],
    ),
    "sdk-binding": (
        "app.storageBlob('F', { path: 'c/{name}', connection: 'S', sdkBinding: true, handler: h });",
        [
            {
                "path": "c/{name}",
                "connection": "S",
                "sdkBinding": True,
                "type": "blobTrigger",
                "name": "blobTrigger2416de1908",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "true"},
            }
        ],
    ),
    "durable-orchestration": (
        "df.app.orchestration('F', function* (context) { yield context.df.callActivity('A'); });",
        [
            {
                "type": "orchestrationTrigger",
                "name": "orchestrationTrigger56e21d4b3e",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "durable-activity": (
        "df.app.activity('F', { handler: (input) => input });",
        [
            {
                "type": "activityTrigger",
                "name": "activityTrigger7996c743ef",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "durable-entity": (
        "df.app.entity('F', (context) => {});",
        [
            {
                "type": "entityTrigger",
                "name": "entityTrigger2751609405",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            }
        ],
    ),
    "durable-client-http": (
        "df.app.client.http('F', { route: 'orchestrators/{name}', handler: async (request, client) => {} });",
        [
            {
                "route": "orchestrators/{name}",
                "authLevel": "anonymous",
                "methods": ["GET", "POST"],
                "type": "httpTrigger",
                "name": "httpTrigger775d8396f7",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "type": "durableClient",
                "name": "durableClientInputd82f0ee27b",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {"type": "http", "name": "$return", "direction": "out"},
        ],
    ),
    "durable-client-queue": (
        "df.app.client.storageQueue('F', { queueName: 'start', connection: "
        "'S', extraInputs: [df.input.durableClient()], handler: async () => {} "
        "});",
        [
            {
                "queueName": "start",
                "connection": "S",
                "type": "queueTrigger",
                "name": "queueTriggera51a4e96d8",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
            {
                "type": "durableClient",
                "name": "durableClientInputd82f0ee27b",
                "direction": "in",
                "properties": {"supportsDeferredBinding": "false"},
            },
        ],
    ),
}


@pytest.mark.parametrize(("source", "bindings"), LIBRARY_GOLDEN.values(), ids=LIBRARY_GOLDEN.keys())
def test_registration_matches_the_library(tmp_path: Path, source: str, bindings: list[dict[str, Any]]) -> None:
    spec = only(discover(tmp_path, {"index.js": CJS_HEADER + source + "\n"}))
    assert spec.name == "F"
    # Same keys in the same order, same generated names: what the host receives as rawBindings.
    assert json.dumps(plain(spec)) == json.dumps(bindings)
    assert spec.source == "index.js:4"
    assert spec.script_file == "index.js"
    assert spec.disabled is False


# --- the many ways to write the same registration ---------------------------------------------------------------

QUEUE_TRIGGER = LIBRARY_GOLDEN["storageQueue"][1][0]
"""``app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage' })``'s trigger binding."""

ESM = {"name": "app", "type": "module", "main": "index.js", "dependencies": {"@azure/functions": "^4.5.0"}}
TS = {"name": "app", "main": "dist/index.js", "dependencies": {"@azure/functions": "^4.5.0"}}
TSCONFIG = '{ "compilerOptions": { "module": "commonjs", "outDir": "dist", "rootDir": "." } }'

FORMS: dict[str, tuple[dict[str, str], dict[str, Any]]] = {
    "cjs-destructure": (
        {
            "index.js": "const { app } = require('@azure/functions');\n"
            "app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: () => {} });"
        },
        PACKAGE,
    ),
    "cjs-destructure-alias": (
        {
            "index.js": "const { app: functionsApp } = require('@azure/functions');\n"
            "functionsApp.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler() {} });"
        },
        PACKAGE,
    ),
    "cjs-namespace": (
        {
            "index.js": "const azf = require('@azure/functions');\n"
            "azf.app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: h });\n"
            "async function h(message, context) {}"
        },
        PACKAGE,
    ),
    "cjs-member-of-require": (
        {
            "index.js": "const app = require('@azure/functions').app;\n"
            "app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: h });\n"
            "function h() {}"
        },
        PACKAGE,
    ),
    "esm-named": (
        {
            "index.js": "import { app } from '@azure/functions';\n"
            "app.storageQueue('F', { queueName: 'orders', connection: "
            "'AzureWebJobsStorage', handler: async () => {} });"
        },
        ESM,
    ),
    "esm-alias": (
        {
            "index.js": "import { app as az } from '@azure/functions';\n"
            "az.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: async () => {} });"
        },
        ESM,
    ),
    "esm-namespace": (
        {
            "index.js": "import * as azf from '@azure/functions';\n"
            "const { app } = azf;\n"
            "app.storageQueue('F', { queueName: 'orders', connection: "
            "'AzureWebJobsStorage', handler: async () => {} });"
        },
        ESM,
    ),
    "esm-mjs": (
        {
            "index.mjs": "import { app } from '@azure/functions';\n"
            "app.storageQueue('F', { queueName: 'orders', connection: "
            "'AzureWebJobsStorage', handler: async () => {} });"
        },
        {**PACKAGE, "main": "index.mjs"},
    ),
    "ts-source-with-types": (
        {
            "tsconfig.json": TSCONFIG,
            "index.ts": """
                import { app, InvocationContext, type StorageQueueHandler } from '@azure/functions';
                import type { Order } from './types';
                const QUEUE = 'orders' as const;
                export async function processOrder(message: Order, context: InvocationContext): Promise<void> {}
                app.storageQueue<Order>('F', {
                    queueName: QUEUE satisfies string,
                    connection: <string>'AzureWebJobsStorage'!,
                    handler: processOrder,
                });
            """,
        },
        TS,
    ),
    "ts-import-equals-require": (
        {
            "tsconfig.json": TSCONFIG,
            "index.ts": "import azf = require('@azure/functions');\n"
            "azf.app.storageQueue('F', { queueName: 'orders', connection: "
            "'AzureWebJobsStorage', handler: async () => {} });",
        },
        TS,
    ),
    "tsc-commonjs-output": (
        {
            "index.js": """
                "use strict";
                var __importDefault = (this && this.__importDefault) || function (mod) {
                    return (mod && mod.__esModule) ? mod : { "default": mod };
                };
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.processOrder = processOrder;
                const functions_1 = require("@azure/functions");
                const config_1 = __importDefault(require("./config"));
                function processOrder(message, context) {
                    return __awaiter(this, void 0, void 0, function* () { });
                }
                functions_1.app.storageQueue('F',
                    Object.assign(Object.assign({}, config_1.default), { handler: processOrder }));
            """,
            "config.js": """
                "use strict";
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.default = { queueName: 'orders', connection: 'AzureWebJobsStorage' };
            """,
        },
        PACKAGE,
    ),
    "tsc-compiled-enum-and-reexport": (
        {
            "index.js": """
                "use strict";
                Object.defineProperty(exports, "__esModule", { value: true });
                const functions_1 = require("@azure/functions");
                const shared_1 = require("./shared");
                functions_1.app.storageQueue('F',
                    { queueName: shared_1.Queues.Orders, connection: shared_1.STORAGE, handler: () => { } });
            """,
            "shared/index.js": """
                "use strict";
                var __exportStar = (this && this.__exportStar) || function(m, exports) {};
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.STORAGE = void 0;
                __exportStar(require("./names"), exports);
                var storage_1 = require("./storage");
                Object.defineProperty(exports, "STORAGE",
                    { enumerable: true, get: function () { return storage_1.default; } });
            """,
            "shared/names.js": """
                "use strict";
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.Queues = void 0;
                var Queues;
                (function (Queues) {
                    Queues["Orders"] = "orders";
                    Queues[Queues["Count"] = 2] = "Count";
                })(Queues || (exports.Queues = Queues = {}));
            """,
            "shared/storage.js": "exports.default = 'AzureWebJobsStorage';\n",
        },
        PACKAGE,
    ),
    "module-constants": (
        {
            "index.js": CJS_HEADER
            + """
            const NAME = 'orders';
            const SUFFIX = `Storage`;
            const CONNECTION = 'AzureWebJobs' + SUFFIX;
            const OPTIONS = Object.freeze({ queueName: NAME, settings: { connection: CONNECTION } });
            app.storageQueue('F', {
                queueName: OPTIONS['queueName'], connection: OPTIONS.settings.connection, handler: h,
            });
        """
        },
        PACKAGE,
    ),
    "spreads-and-computed-keys": (
        {
            "index.js": CJS_HEADER
            + """
            const KEY = 'queue' + 'Name';
            const base = { connection: 'AzureWebJobsStorage' };
            const queue = { [KEY]: 'orders' };
            const both = { ...queue, ...base };
            app.storageQueue('F', { ...both, handler: h });
        """
        },
        PACKAGE,
    ),
    "static-operators": (
        {
            "index.js": CJS_HEADER
            + """
            const LOCAL = true;
            const unset = undefined;
            const q = unset ?? (LOCAL ? 'orders' : 'orders-prod');
            let connection = '' || 'AzureWebJobsStorage';
            app.storageQueue('F', { queueName: q, connection, handler: h, retry: loadRetry() });
        """
        },
        PACKAGE,
    ),
    "typescript-enum": (
        {
            "tsconfig.json": TSCONFIG,
            "index.ts": """
            import { app } from '@azure/functions';
            enum Queue { Orders = 'orders', Audit = 'audit' }
            const enum Setting { Storage = 'AzureWebJobsStorage' }
            app.storageQueue('F', { queueName: Queue.Orders, connection: Setting.Storage, handler: async () => {} });
        """,
        },
        TS,
    ),
    "imported-constants-commonjs": (
        {
            "index.js": "const { app } = require('@azure/functions');\nconst cfg = require('./lib/config');\n"
            "const { STORAGE } = require('./lib/config.js');\n"
            "app.storageQueue('F', { queueName: cfg.queues.orders, connection: STORAGE, handler: () => {} });",
            "lib/config.js": "module.exports = { STORAGE: 'AzureWebJobsStorage', queues: { orders: 'orders' } };",
        },
        PACKAGE,
    ),
    "imported-constants-esm-barrel": (
        {
            "index.js": "import { app } from '@azure/functions';\nimport settings, { QUEUE, "
            "storage as S } from './lib/index.js';\n"
            "app.storageQueue('F', { queueName: QUEUE, connection: S, handler: async () => {} });\n"
            "if (settings.ok !== true) {}",
            "lib/index.js": "export * from './queues.js';\nexport { STORAGE as storage } from './storage.js';\n"
            "export default { ok: true };",
            "lib/queues.js": "export const QUEUE = 'orders';",
            "lib/storage.js": "const STORAGE = 'AzureWebJobsStorage';\nexport { STORAGE };",
        },
        ESM,
    ),
    "typescript-imports-with-js-extension": (
        {
            "tsconfig.json": TSCONFIG,
            "index.ts": "import { app } from '@azure/functions';\nimport { QUEUE } from './config.js';\n"
            "app.storageQueue('F', { queueName: QUEUE, connection: 'AzureWebJobsStorage', handler: async () => {} });",
            "config.ts": "export const QUEUE: string = 'orders';",
        },
        TS,
    ),
    "json-import": (
        {
            "index.js": "const { app } = require('@azure/functions');\nconst settings = require('./settings.json');\n"
            "app.storageQueue('F', { ...settings.queue, handler: () => {} });",
            "settings.json": '{"queue": {"queueName": "orders", "connection": "AzureWebJobsStorage"}}',
        },
        PACKAGE,
    ),
    "registered-in-an-imported-module": (
        {
            "index.js": "require('./functions/orders');\nconsole.log('started');",
            "functions/orders.js": "const { app } = require('@azure/functions');\n"
            "app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: () => {} });",
        },
        PACKAGE,
    ),
    "registered-after-a-dynamic-import": (
        {
            "index.js": "await import('./functions/orders.js');",
            "functions/orders.js": "import { app } from '@azure/functions';\n"
            "app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: () => {} });",
        },
        ESM,
    ),
    "helper-called-at-top-level": (
        {
            "index.js": CJS_HEADER
            + """
            function registerQueue(name, queueName, { connection = 'AzureWebJobsStorage' } = {}) {
                const options = { queueName, connection };
                app.storageQueue(name, { ...options, handler: h });
                return 'done';
            }
            registerQueue('F', 'orders');
        """
        },
        PACKAGE,
    ),
    "registrar-module-called-with-the-app": (
        {
            "index.js": "const { app } = require('@azure/functions');\n"
            "require('./functions/orders')(app, require('./config'));",
            "config.js": "exports.queueName = 'orders';\nexports.connection = 'AzureWebJobsStorage';",
            "functions/orders.js": "module.exports = (app, config) => {\n"
            "  app.storageQueue('F', { ...config, handler: async () => {} });\n};",
        },
        PACKAGE,
    ),
    "async-main-awaited-at-top-level": (
        {
            "index.js": """
                import { app } from '@azure/functions';
                async function main() {
                    const queueName = 'orders';
                    app.storageQueue('F', { queueName, connection: 'AzureWebJobsStorage', handler: async () => {} });
                }
                await main();
            """
        },
        ESM,
    ),
    "static-if-and-try": (
        {
            "index.js": CJS_HEADER
            + """
            const ENABLED = true;
            try {
                if (ENABLED) {
                    app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: h });
                } else {
                    app.storageQueue('Never', { queueName: 'never', handler: h });
                }
            } catch (error) {
                console.error(error);
            }
        """
        },
        PACKAGE,
    ),
}


@pytest.mark.parametrize(("files", "package"), FORMS.values(), ids=FORMS.keys())
def test_forms_of_the_same_registration(tmp_path: Path, files: dict[str, str], package: dict[str, Any]) -> None:
    spec = only(discover(tmp_path, files, package))
    assert spec.name == "F"
    assert json.dumps(dict(spec.trigger or {})) == json.dumps(QUEUE_TRIGGER)


def test_app_setup_and_hooks_are_ignored(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "index.js": CJS_HEADER
            + """
        app.setup({ enableHttpStream: true });
        app.hook.appStart(() => {});
        app.timer('F', { schedule: '0 * * * * *', handler: h });
    """
        },
    )
    assert [spec.name for spec in specs] == ["F"]


LOOPS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "for-of-const-array": (
        """
        const QUEUES = ['orders', 'invoices'];
        for (const queue of QUEUES) {
            app.storageQueue(`Process_${queue}`, { queueName: queue, connection: 'AzureWebJobsStorage', handler: h });
        }
        """,
        [("Process_orders", "orders"), ("Process_invoices", "invoices")],
    ),
    "for-of-destructuring": (
        """
        const QUEUES = [{ name: 'A', queue: 'a' }, { name: 'B', queue: 'b' }];
        for (const { name, queue } of QUEUES) app.storageQueue(name, { queueName: queue, handler: h });
        """,
        [("A", "a"), ("B", "b")],
    ),
    "for-in-const-object": (
        """
        const QUEUES = { A: 'a', B: 'b' };
        for (const name in QUEUES) app.storageQueue(name, { queueName: QUEUES[name], handler: h });
        """,
        [("A", "a"), ("B", "b")],
    ),
    "forEach-arrow": (
        """
        ['a', 'b'].forEach((queue, index) => app.storageQueue('Q' + index, { queueName: queue, handler: h }));
        """,
        [("Q0", "a"), ("Q1", "b")],
    ),
    "forEach-named-function-and-entries": (
        """
        const QUEUES = { A: 'a', B: 'b' };
        Object.entries(QUEUES).forEach(register);
        function register([name, queue]) {
            app.storageQueue(name, { queueName: queue, handler: h });
        }
        """,
        [("A", "a"), ("B", "b")],
    ),
    "empty-loop": ("for (const q of []) { app.storageQueue(q, { queueName: q, handler: h }); }", []),
}


@pytest.mark.parametrize(("source", "expected"), LOOPS.values(), ids=LOOPS.keys())
def test_loops_over_constants_are_replayed(tmp_path: Path, source: str, expected: list[tuple[str, str]]) -> None:
    specs = discover(tmp_path, {"index.js": CJS_HEADER + textwrap.dedent(source)})
    assert [(spec.name, spec.bindings[0]["queueName"]) for spec in specs] == expected


def test_registration_order_and_sources_follow_execution(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "src/functions/b.js": "require('../lib/shared');\nconst { app } = require('@azure/functions');\n"
            "app.timer('B', { schedule: '0 * * * * *', handler: () => {} });",
            "src/functions/a.js": "const { app } = require('@azure/functions');\nrequire('../lib/shared');\n\n"
            "app.timer('A', { schedule: '0 * * * * *', handler: () => {} });",
            "src/lib/shared.js": "const { app } = require('@azure/functions');\n"
            "app.timer('Shared', { schedule: '0 * * * * *', handler: () => {} });",
        },
        {**PACKAGE, "main": "src/functions/*.js"},
    )
    # Files load in path order, each module once (Node's cache), registrations where they run.
    assert [(s.name, s.source, s.script_file) for s in specs] == [
        ("Shared", "src/lib/shared.js:2", "src/lib/shared.js"),
        ("A", "src/functions/a.js:4", "src/functions/a.js"),
        ("B", "src/functions/b.js:3", "src/functions/b.js"),
    ]


# --- is it a v4 app? ---------------------------------------------------------------------------------------------

REGISTERS = {"index.js": "const { app } = require('@azure/functions');\napp.get('F', () => ({}));"}

DETECTION: dict[str, tuple[dict[str, str], dict[str, Any] | None, list[str]]] = {
    "no-package-json": (REGISTERS, None, []),
    "v4-dependency": (REGISTERS, PACKAGE, ["F"]),
    "v4-dev-dependency": (REGISTERS, {"main": "index.js", "devDependencies": {"@azure/functions": "~4.0.0"}}, ["F"]),
    "latest-tag": (REGISTERS, {"main": "index.js", "dependencies": {"@azure/functions": "latest"}}, ["F"]),
    "npm-alias": (
        REGISTERS,
        {"main": "index.js", "dependencies": {"@azure/functions": "npm:@azure/functions@^4"}},
        ["F"],
    ),
    "v3-dependency": (REGISTERS, {"main": "index.js", "dependencies": {"@azure/functions": "^3.5.0"}}, []),
    "no-dependency-but-registrations": (REGISTERS, {"main": "index.js"}, ["F"]),
    "git-dependency-but-registrations": (
        REGISTERS,
        {"main": "index.js", "dependencies": {"@azure/functions": "github:Azure/azure-functions-nodejs-library"}},
        ["F"],
    ),
    "no-dependency-function-json-app": (
        {
            **REGISTERS,
            "Orders/function.json": '{"bindings": []}',
            "Orders/index.js": "module.exports = async () => {};",
        },
        {"main": "index.js"},
        [],
    ),
    "no-dependency-unrelated-main": ({"index.js": "console.log('a build script');"}, {"main": "index.js"}, []),
    "no-dependency-main-with-syntax-error": ({"index.js": "const = ;"}, {"main": "index.js"}, []),
    "no-dependency-no-main": ({"src/functions/a.js": "module.exports = 1;"}, {"name": "tooling"}, []),
}


@pytest.mark.parametrize(("files", "package", "names"), DETECTION.values(), ids=DETECTION.keys())
def test_detection(tmp_path: Path, files: dict[str, str], package: dict[str, Any] | None, names: list[str]) -> None:
    assert [spec.name for spec in discover(tmp_path, files, package)] == names


RANGES: dict[str, tuple[object, float | None]] = {
    "caret": ("^4.5.0", 4),
    "tilde": ("~3.5.1", 3),
    "x-range": ("4.x", 4),
    "prerelease": ("4.0.0-alpha.20220825.1", 4),
    "v-prefix": ("v4.1.0", 4),
    "union-takes-highest": ("^3.0.0 || ^4.0.0", 4),
    "unbounded-lower": (">=3.0.0", float("inf")),
    "bounded": (">=3.0.0 <4.0.0", 3),
    "star": ("*", float("inf")),
    "empty": ("", float("inf")),
    "workspace": ("workspace:^4.2.0", 4),
    "file": ("file:../functions", None),
    "tarball-url": ("https://example.com/functions.tgz", None),
    "not-a-string": (4, None),
}


@pytest.mark.parametrize(("spec", "major"), RANGES.values(), ids=RANGES.keys())
def test_dependency_range_major(spec: object, major: float | None) -> None:
    assert _range_major(spec) == major


# --- which files the worker loads ---------------------------------------------------------------------------------


def timer(name: str) -> str:
    return (
        "import { app } from '@azure/functions';\n"
        f"app.timer('{name}', {{ schedule: '0 * * * * *', handler: async () => {{}} }});\n"
    )


def timer_cjs(name: str) -> str:
    return (
        "const { app } = require('@azure/functions');\n"
        f"app.timer('{name}', {{ schedule: '0 * * * * *', handler: () => {{}} }});\n"
    )


ENTRIES: dict[str, tuple[dict[str, str], dict[str, Any], list[str]]] = {
    "glob-with-braces": (
        {"src/index.js": timer_cjs("Index"), "src/functions/a.js": timer_cjs("A"), "src/other/b.js": timer_cjs("B")},
        {**PACKAGE, "main": "src/{index.js,functions/*.js}"},
        ["src/functions/a.js:2", "src/index.js:2"],
    ),
    "globstar": (
        {"src/functions/a.js": timer_cjs("A"), "src/functions/nested/deep/b.js": timer_cjs("B")},
        {**PACKAGE, "main": "./src/functions/**/*.js"},
        ["src/functions/a.js:2", "src/functions/nested/deep/b.js:2"],
    ),
    "dot-files-and-non-code-are-skipped": (
        {"src/a.js": timer_cjs("A"), "src/.hidden.js": timer_cjs("Hidden"), "src/a.js.map": "{}", "src/README.md": "x"},
        {**PACKAGE, "main": "src/*"},
        ["src/a.js:2"],
    ),
    "typescript-sources-when-dist-is-missing": (
        {
            "tsconfig.json": TSCONFIG,
            "src/functions/a.ts": timer("A"),
            "src/functions/b.ts": timer("B"),
            "src/functions/types.d.ts": "export type X = string;",
        },
        {**PACKAGE, "main": "dist/src/functions/*.js"},
        ["src/functions/a.ts:2", "src/functions/b.ts:2"],
    ),
    "typescript-root-dir-src": (
        {
            "tsconfig.json": '{"compilerOptions": {"outDir": "./build", "rootDir": "./src"}}',
            "src/functions/a.ts": timer("A"),
        },
        {**PACKAGE, "main": "build/functions/*.js"},
        ["src/functions/a.ts:2"],
    ),
    "typescript-computed-root-dir": (
        {"tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}', "src/functions/a.ts": timer("A")},
        {**PACKAGE, "main": "dist/functions/*.js"},
        ["src/functions/a.ts:2"],
    ),
    "typescript-extends": (
        {
            "tsconfig.json": '{"extends": "./config/base.json", "compilerOptions": {"strict": true}}',
            "config/base.json": '{"compilerOptions": {"outDir": "../out", "rootDir": "../src"}}',
            "src/a.mts": timer("A"),
        },
        {**PACKAGE, "main": "out/*.mjs"},
        ["src/a.mts:2"],
    ),
    "typescript-without-tsconfig": (
        {"src/functions/a.ts": timer("A")},
        {**PACKAGE, "main": "dist/src/functions/*.js"},
        ["src/functions/a.ts:2"],
    ),
    "typescript-usual-layout-when-main-maps-nowhere": (
        {"tsconfig.json": TSCONFIG, "src/functions/a.ts": timer("A"), "src/index.ts": timer("Index")},
        {**PACKAGE, "main": "build/app.js"},
        ["src/functions/a.ts:2", "src/index.ts:2"],
    ),
    "compiled-output-is-read-when-present": (
        {
            "tsconfig.json": TSCONFIG,
            "src/functions/a.ts": timer("Source"),
            "dist/src/functions/a.js": timer_cjs("Compiled"),
        },
        {**PACKAGE, "main": "dist/src/functions/*.js"},
        ["dist/src/functions/a.js:2"],
    ),
    "non-string-main-is-ignored-like-the-worker": (
        {"src/functions/a.js": "module.exports = {};"},
        {**PACKAGE, "main": ["src/functions/a.js"]},
        [],
    ),
}


@pytest.mark.parametrize(("files", "package", "sources"), ENTRIES.values(), ids=ENTRIES.keys())
def test_entry_files(tmp_path: Path, files: dict[str, str], package: dict[str, Any], sources: list[str]) -> None:
    assert sorted(spec.source for spec in discover(tmp_path, files, package)) == sources


def test_typescript_discovery_gives_the_same_bindings_as_the_compiled_output(tmp_path: Path) -> None:
    source = """
        import { app, output } from '@azure/functions';
        const out = output.storageQueue({ queueName: 'out', connection: 'AzureWebJobsStorage' });
        app.storageQueue('F', {
            queueName: 'orders', connection: 'AzureWebJobsStorage', extraOutputs: [out], handler: async () => {},
        });
    """
    compiled = """
        "use strict";
        Object.defineProperty(exports, "__esModule", { value: true });
        const functions_1 = require("@azure/functions");
        const out = functions_1.output.storageQueue({ queueName: 'out', connection: 'AzureWebJobsStorage' });
        functions_1.app.storageQueue('F', { queueName: 'orders', connection: 'AzureWebJobsStorage', extraOutputs: [out],
            handler: () => __awaiter(void 0, void 0, void 0, function* () { }) });
    """
    package = {**PACKAGE, "main": "dist/src/functions/*.js"}
    from_source = discover(tmp_path / "source", {"tsconfig.json": TSCONFIG, "src/functions/a.ts": source}, package)
    from_build = discover(tmp_path / "build", {"dist/src/functions/a.js": compiled}, package)
    assert [s.bindings for s in from_source] == [s.bindings for s in from_build]
    assert (from_source[0].source, from_build[0].source) == ("src/functions/a.ts:3", "dist/src/functions/a.js:5")


GLOBS: dict[str, tuple[str, list[str]]] = {
    "star": ("src/*.js", ["src/a.js", "src/b.js"]),
    "question-mark": ("src/?.js", ["src/a.js", "src/b.js"]),
    "class": ("src/[a].js", ["src/a.js"]),
    "braces": ("src/{a,c/d}.js", ["src/a.js", "src/c/d.js"]),
    "nested-braces": ("src/{a,{b,c/d}}.js", ["src/a.js", "src/b.js", "src/c/d.js"]),
    "globstar-skips-node-modules-and-dot-dirs": ("**/*.js", ["src/a.js", "src/b.js", "src/c/d.js"]),
    "literal": ("src/c/d.js", ["src/c/d.js"]),
    "parent-is-refused": ("../outside/*.js", []),
    "negation-is-refused": ("!src/*.js", []),
}


@pytest.mark.parametrize(("pattern", "expected"), GLOBS.values(), ids=GLOBS.keys())
def test_main_glob(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    for name in ("src/a.js", "src/b.js", "src/c/d.js", "node_modules/x/e.js", ".cache/f.js", "src/.g.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert [p.relative_to(tmp_path).as_posix() for p in glob_files(tmp_path, pattern)] == expected


# --- node_modules is never read ------------------------------------------------------------------------------------


def test_node_modules_is_neither_walked_nor_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_app(
        tmp_path,
        {
            "src/functions/a.js": "const { app } = require('@azure/functions');\nconst lib = require('some-lib');\n"
            "const local = require('../../node_modules/other/index.js');\n"
            "app.timer('A', { schedule: '0 * * * * *', handler: lib.wrap(() => {}) });",
        },
        {**PACKAGE, "main": "**/*.js"},
    )
    # A large node_modules, with registrations that must not be found.
    for package in range(40):
        folder = tmp_path / "node_modules" / f"pkg{package}" / "lib"
        folder.mkdir(parents=True)
        for module in range(50):
            (folder / f"m{module}.js").write_text(timer_cjs(f"Dependency{package}_{module}"))
    (tmp_path / "node_modules" / "some-lib").mkdir()
    (tmp_path / "node_modules" / "some-lib" / "index.js").write_text(timer_cjs("SomeLib"))
    (tmp_path / "node_modules" / "other").mkdir()
    (tmp_path / "node_modules" / "other" / "index.js").write_text(timer_cjs("Other"))
    listed: list[Path] = []
    read: list[Path] = []
    real_children, real_read_bytes = node_v4._children, Path.read_bytes

    def children(path: Path) -> list[Path]:
        listed.append(path)
        return real_children(path)

    def read_bytes(path: Path) -> bytes:
        read.append(path)
        return real_read_bytes(path)

    monkeypatch.setattr(node_v4, "_children", children)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    started = time.monotonic()
    specs = discover_node_v4(tmp_path)
    assert [spec.name for spec in specs] == ["A"]
    assert not [p for p in listed if "node_modules" in p.parts]
    assert not [p for p in read if "node_modules" in p.parts]
    assert time.monotonic() - started < 5


# --- errors name the file and line --------------------------------------------------------------------------------

ERRORS: dict[str, tuple[dict[str, str], str]] = {
    "environment-variable": (
        {"index.js": CJS_HEADER + "app.storageQueue('F', { queueName: process.env.QUEUE, handler: h });"},
        r"^index\.js:4: option 'queueName' of app\.storageQueue\('F'\) is process\.env\.QUEUE, an environment "
        r"variable only known when the app runs \(write '%QUEUE%' to have the host read the app setting QUEUE\)\. "
        r"Use a literal or a module-level const, or an app setting with %Name% syntax\.$",
    ),
    "environment-variable-with-fallback": (
        {
            "index.js": CJS_HEADER
            + "\napp.storageQueue('F', {\n  queueName: process.env['QUEUE'] || 'orders',\n  handler: h,\n});"
        },
        r"^index\.js:6: option 'queueName' of app\.storageQueue\('F'\) is process\.env\.QUEUE",
    ),
    "const-bound-to-a-call": (
        {
            "index.js": CJS_HEADER
            + "const queue = getQueueName();\napp.storageQueue('F', { queueName: queue, handler: h });"
        },
        r"^index\.js:5: option 'queueName' of app\.storageQueue\('F'\) is queue, which is set at index\.js:4 to "
        r"getQueueName\(\), a call discovery does not run\. Use a literal",
    ),
    "imported-environment-variable": (
        {
            "index.js": CJS_HEADER
            + "const { QUEUE } = require('./config');\napp.storageQueue('F', { queueName: QUEUE, handler: h });",
            "config.js": "// settings\nexports.QUEUE = process.env.QUEUE;",
        },
        r"^index\.js:5: option 'queueName' of app\.storageQueue\('F'\) is QUEUE, which is set at config\.js:2 to "
        r"process\.env\.QUEUE",
    ),
    "missing-export": (
        {
            "index.ts": "import { app } from '@azure/functions';\nimport { QUEUE } from './config';\n"
            "app.storageQueue('F', { queueName: QUEUE, handler: async () => {} });",
            "config.ts": "export const QUEUES = 'orders';",
        },
        r"^index\.ts:3: option 'queueName' of app\.storageQueue\('F'\) is QUEUE, which is the missing export QUEUE "
        r"of config\.ts\. Use a literal",
    ),
    "package-import": (
        {
            "index.js": CJS_HEADER
            + "const config = require('config');\napp.storageQueue('F', { queueName: config.queue, handler: h });"
        },
        r"^index\.js:5: .* is config, which is set at index\.js:4 to the "
        r"package 'config', which discovery does not read",
    ),
    "file-outside-the-app": (
        {
            "index.js": CJS_HEADER
            + "const c = require('../shared/config');\napp.storageQueue('F', { queueName: c.q, handler: h });"
        },
        r"^index\.js:5: .* '\.\./shared/config', which is outside the app folder",
    ),
    "template-with-runtime-value": (
        {"index.js": CJS_HEADER + "app.storageQueue('F', { queueName: `jobs-${process.env.STAGE}`, handler: h });"},
        r"^index\.js:4: option 'queueName' of app\.storageQueue\('F'\) is process\.env\.STAGE",
    ),
    "new-object": (
        {"index.js": CJS_HEADER + "app.timer('F', { schedule: new Schedule().cron, handler: h });"},
        r"^index\.js:4: option 'schedule' of app\.timer\('F'\) is new "
        r"Schedule\(\), an object created when the app runs",
    ),
    "let-reassigned-in-a-function": (
        {
            "index.js": CJS_HEADER + "let queue = 'a';\nfunction use(q) { queue = q; "
            "}\napp.storageQueue('F', { queueName: queue, handler: h });"
        },
        r"^index\.js:6: option 'queueName' .* is queue, which is set at index\.js:4 to a variable that a function "
        r"reassigns \(index\.js:5\)",
    ),
    "computed-function-name": (
        {
            "index.js": CJS_HEADER
            + "const names = loadNames();\napp.storageQueue(names.orders, { queueName: 'q', handler: h });"
        },
        r"^index\.js:5: the function name passed to app\.storageQueue\(\) is names, which is set at index\.js:4 to "
        r"loadNames\(\), a call discovery does not run\. Use a literal or a module-level const",
    ),
    "function-name-not-a-string": (
        {"index.js": CJS_HEADER + "app.http(404, { handler: h });"},
        r"^index\.js:4: app\.http\(\) needs the function name as its first argument, found int 404\. Pass the name",
    ),
    "options-from-a-call": (
        {"index.js": CJS_HEADER + "app.http('F', buildOptions());"},
        r"^index\.js:4: the options of app\.http\('F'\) are buildOptions\(\), a call discovery does not run",
    ),
    "spread-of-unknown-options": (
        {"index.js": CJS_HEADER + "const base = load();\napp.storageQueue('F', { ...base, handler: h });"},
        r"^index\.js:5: the options of app\.storageQueue\('F'\) are base, which is set at index\.js:4 to load\(\)",
    ),
    "options-missing": (
        {"index.js": CJS_HEADER + "app.storageQueue('F');"},
        r"^index\.js:4: app\.storageQueue\('F'\) takes an options object as its second argument, found nothing",
    ),
    "unknown-value-in-a-helper": (
        {
            "index.js": CJS_HEADER + "const out = output.storageQueue({ queueName: process.env.OUT });\n"
            "app.timer('F', { schedule: '0 * * * * *', extraOutputs: [out], handler: h });"
        },
        r"^index\.js:4: option 'queueName' of output\.storageQueue\(\) is process\.env\.OUT",
    ),
    "unknown-value-in-a-named-generic-trigger": (
        {
            "index.js": CJS_HEADER
            + "app.generic('F', { trigger: { type: 'kafkaTrigger', name: 'event', topic: topicOf() }, handler: h });"
        },
        r"^index\.js:4: option 'trigger\.topic' of app\.generic\('F'\) is topicOf\(\), a call discovery does not run",
    ),
    "unknown-extra-output": (
        {
            "index.js": CJS_HEADER
            + "app.timer('F', { schedule: '0 * * * * *', extraOutputs: [makeOutput()], handler: h });"
        },
        r"^index\.js:4: option 'extraOutputs\[0\]' of app\.timer\('F'\) is "
        r"makeOutput\(\), a call discovery does not run",
    ),
    "extra-outputs-not-an-array": (
        {
            "index.js": CJS_HEADER
            + "app.timer('F', { schedule: '0 * * * * *', extraOutputs: output.http({}), handler: h });"
        },
        r"^index\.js:4: option 'extraOutputs' of app\.timer\('F'\) must be an array, found an object",
    ),
    "duplicate-binding-names": (
        {
            "index.js": CJS_HEADER
            + "app.timer('F', { schedule: '0 * * * * *', extraOutputs: [{ type: 'queue', name: 'out' }, "
            "{ type: 'blob', name: 'out' }], handler: h });"
        },
        r"^index\.js:4: app\.timer\('F'\) declares two bindings named 'out', and @azure/functions rejects duplicate",
    ),
    "generic-without-trigger": (
        {"index.js": CJS_HEADER + "app.generic('F', { handler: h });"},
        r"^index\.js:4: option 'trigger' of app\.generic\('F'\) must be a binding object, found nothing",
    ),
    "generic-trigger-without-type": (
        {"index.js": CJS_HEADER + "app.generic('F', { trigger: trigger.generic({ topic: 'clicks' }), handler: h });"},
        r"^index\.js:4: trigger\.generic\(\) declares a binding without a 'type'",
    ),
    "unknown-registration": (
        {"index.js": CJS_HEADER + "app.kafka('F', { topic: 'clicks', handler: h });"},
        r"^index\.js:4: app\.kafka\(\) is not a registration of @azure/functions 4\.16\.5\. Check the spelling; for a "
        r"trigger without a helper, use app\.generic",
    ),
    "unknown-helper": (
        {"index.js": CJS_HEADER + "app.generic('F', { trigger: trigger.kafka({ topic: 'clicks' }), handler: h });"},
        r"^index\.js:4: trigger\.kafka\(\) is not a helper of @azure/functions 4\.16\.5",
    ),
    "registration-in-a-function-never-called": (
        {
            "index.js": CJS_HEADER
            + "module.exports = function register() {\n  app.timer('F', { schedule: '0 * * * * *', handler: h });\n};"
        },
        r"^index\.js:5: app\.timer\('F', .*\) is not run at the top level of the module .* Register each function "
        r"with a top-level call",
    ),
    "registration-behind-a-runtime-condition": (
        {
            "index.js": CJS_HEADER + "if (process.env.ENABLE_REPORTS === 'true') {\n  app.timer('F', { "
            "schedule: '0 * * * * *', handler: h });\n}"
        },
        r"^index\.js:4: app\.timer\('F', .*\) runs only if \(process\.env\.ENABLE_REPORTS === 'true'\), and the "
        r"condition is process\.env\.ENABLE_REPORTS.*AzureWebJobs\.<FunctionName>\.Disabled",
    ),
    "registration-in-a-loop-over-unknown-items": (
        {
            "index.js": CJS_HEADER
            + "for (const queue of listQueues()) {\n  app.storageQueue(queue, { queueName: queue, handler: h });\n}"
        },
        r"^index\.js:4: app\.storageQueue\(queue, .*\) runs once for each item of listQueues\(\), a call discovery "
        r"does not run\. Loop over an array literal or a module-level const array",
    ),
    "registration-in-forEach-over-unknown-items": (
        {
            "index.js": CJS_HEADER
            + "\nlistQueues().forEach((queue) => app.storageQueue(queue, { queueName: queue, handler: h }));"
        },
        r"^index\.js:5: app\.storageQueue\(queue, .*\) runs once for each item of listQueues\(\)",
    ),
    "modules-loaded-in-a-loop": (
        {
            "index.js": "const fs = require('fs');\nfor (const file of fs.readdirSync(__dirname + '/functions')) {\n"
            "  require('./functions/' + file);\n}"
        },
        r"^index\.js:2: require\('\./functions/' \+ file\) runs once for each item of fs\.readdirSync",
    ),
    "durable-options-unknown": (
        {"index.js": CJS_HEADER + "df.app.client.http('F', clientOptions());"},
        r"^index\.js:4: the options of df\.app\.client\.http\('F'\) are clientOptions\(\)",
    ),
    "javascript-syntax-error": (
        {"index.js": CJS_HEADER + "app.timer('F', { schedule: '0 * * * * *', handler: h };"},
        r"^index\.js:4: is not valid JavaScript: discovery's parser expects '\)' there\. Fix the syntax error",
    ),
    "typescript-syntax-error": (
        {"index.ts": "import { app } from '@azure/functions';\n\nconst x: = 1;"},
        r"^index\.ts:3: is not valid TypeScript: discovery's parser",
    ),
    "syntax-error-in-an-imported-module": (
        {"index.js": CJS_HEADER + "require('./lib');", "lib.js": "module.exports = {\n  a: 1 +,\n};"},
        r"^lib\.js:2: is not valid JavaScript",
    ),
    "no-main-field": (
        {"package.json": '{"dependencies": {"@azure/functions": "^4.0.0"}}', "src/functions/a.js": timer_cjs("A")},
        r"^package\.json: has no 'main', so the Node\.js worker loads no file and none of the 1 functions registered "
        r"in src/functions/a\.js would run\. Set \"main\"",
    ),
    "main-matches-no-file": (
        {
            "package.json": '{"main": "src/functions/*.js", "dependencies": {"@azure/functions": "^4.0.0"}}',
            "functions/a.js": timer_cjs("A"),
        },
        r"^package\.json: 'main' is 'src/functions/\*\.js', which matches no file, so the Node\.js worker would load "
        r"no function\. Point main at the files that register functions",
    ),
}


@pytest.mark.parametrize(("files", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_the_file_and_line(tmp_path: Path, files: dict[str, str], message: str) -> None:
    entry = next((name for name in files if name.startswith("index.")), "index.js")
    with pytest.raises(FunctionsKedaError, match=message):
        discover(tmp_path, files, {**PACKAGE, "main": entry})  # a package.json among the files wins


def test_errors_carry_where_problem_and_fix(tmp_path: Path) -> None:
    with pytest.raises(FunctionsKedaError) as raised:
        discover(
            tmp_path, {"index.js": CJS_HEADER + "\n\napp.eventHub('F', { eventHubName: process.env.HUB, handler: h });"}
        )
    assert raised.value.where == "index.js:6"
    assert "option 'eventHubName' of app.eventHub('F')" in raised.value.problem
    assert raised.value.fix == "Use a literal or a module-level const, or an app setting with %Name% syntax."


def test_unknown_values_only_matter_where_bindings_use_them(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "index.js": CJS_HEADER
            + """
        const client = new ServiceBusClient(process.env.CONNECTION);
        const handler = withLogging(async (message, context) => client.send(message));
        const QUEUE = 'orders';
        app.storageQueue('F', {
            queueName: QUEUE, handler, retry: { strategy: 'fixedDelay', maxRetryCount: retries() },
        });
        app.get('G', withAuth(async () => ({})));
        df.app.orchestration('O', makeOrchestrator());
    """
        },
    )
    assert [(s.name, s.trigger_type) for s in specs] == [
        ("F", "queuetrigger"),
        ("G", "httptrigger"),
        ("O", "orchestrationtrigger"),
    ]


# --- the user's code is never run ----------------------------------------------------------------------------------


def test_user_code_is_never_executed(tmp_path: Path, no_processes: Callable[..., Path]) -> None:
    marker = tmp_path / "ran.txt"
    touch = f"require('fs').writeFileSync({json.dumps(str(marker))}, 'ran')"
    write_app(
        tmp_path,
        {
            "index.js": f"""
                {touch};
                require('child_process').execSync('touch {marker}');
                const {{ app }} = require('@azure/functions');
                const helper = require('./helper');
                app.storageQueue('F', {{ queueName: 'orders', handler: async () => {{ {touch}; }} }});
                (() => {{ {touch}; }})();
                setTimeout(() => {{ {touch}; }}, 0);
                process.exit(1);
            """,
            "helper.js": f"{touch};\nmodule.exports = () => {{ {touch}; }};",
        },
    )

    no_processes("node", "npm", "npx", "tsc")
    assert [spec.name for spec in discover_node_v4(tmp_path)] == ["F"]
    assert not marker.exists()


# --- fixture apps --------------------------------------------------------------------------------------------------

NODE_V4_FIXTURE = {
    "OnOrderChange": "cosmosDBTrigger",
    "OnOrderRow": "sqlTrigger",
    "OnLegacyOrderRow": "mysqlTrigger",
    "OnChatMessage": "webPubSubTrigger",
    "Warmup": "warmupTrigger",
    "FulfilOrder": "orchestrationTrigger",
    "ShipOrder": "activityTrigger",
    "OrderCounter": "entityTrigger",
    "StartFulfilment": "httpTrigger",
    "ScoreClick": "kafkaTrigger",
    "ResizeImage": "rabbitMQTrigger",
    "DrainJobs": "redisListTrigger",
    "FollowEvents": "redisStreamTrigger",
    "CreateOrder": "httpTrigger",
    "Health": "httpTrigger",
    "SettleOrder": "serviceBusTrigger",
    "BillOrder": "serviceBusTrigger",
    "IngestTelemetry": "eventHubTrigger",
    "OnResourceEvent": "eventGridTrigger",
    "ProcessOrder": "queueTrigger",
    "ProcessInvoice": "blobTrigger",
    "NightlyReport": "timerTrigger",
}


@pytest.mark.parametrize(
    ("app", "extra"),
    [("node-v4", {"CancelOrder": "httpTrigger"}), ("node-v4-ts", {})],
    ids=["javascript", "typescript"],
)
def test_fixture_apps_cover_every_trigger_kind(app: str, extra: dict[str, str]) -> None:
    specs = discover_node_v4(APPS / app)
    assert {spec.name: str(spec.trigger["type"]) for spec in specs if spec.trigger} == {**NODE_V4_FIXTURE, **extra}
    suffix = ".js" if app == "node-v4" else ".ts"
    assert all(spec.source.startswith("src/functions/") for spec in specs)
    assert all((spec.script_file or "").endswith(suffix) for spec in specs)


EQUIVALENT: dict[str, dict[str, Any]] = {
    "ProcessOrder": {"type": "queueTrigger", "queueName": "orders", "connection": "AzureWebJobsStorage"},
    "BillOrder": {
        "type": "serviceBusTrigger",
        "topicName": "order-events",
        "subscriptionName": "billing",
        "connection": "ServiceBusConnection",
    },
    "IngestTelemetry": {
        "type": "eventHubTrigger",
        "eventHubName": "telemetry",
        "connection": "EventHubConnection",
        "consumerGroup": "$Default",
        "cardinality": "many",
    },
    "ScoreClick": {
        "type": "kafkaTrigger",
        "topic": "clicks",
        "brokerList": "%KafkaBrokers%",
        "consumerGroup": "scorer",
    },
    "NightlyReport": {"type": "timerTrigger", "schedule": "0 0 2 * * *"},
    "CreateOrder": {"type": "httpTrigger", "methods": ["POST"], "route": "orders", "authLevel": "function"},
    "ProcessInvoice": {"type": "blobTrigger", "path": "invoices/{name}", "connection": "AzureWebJobsStorage"},
}


def test_equivalent_app() -> None:
    specs = discover_node_v4(APPS / "equivalent" / "node-v4")
    assert sorted(spec.name for spec in specs) == sorted(EQUIVALENT)
    for spec in specs:
        trigger = dict(spec.trigger or {})
        assert {key: trigger.get(key) for key in EQUIVALENT[spec.name]} == EQUIVALENT[spec.name], spec.name
        assert trigger["direction"] == "in"


def test_example_app() -> None:
    specs = discover_node_v4(EXAMPLES / "node-v4-app")
    assert [(spec.name, spec.trigger_type, spec.source) for spec in specs] == [
        ("BillOrder", "servicebustrigger", "src/functions/billOrder.ts:9"),
        ("CreateOrder", "httptrigger", "src/functions/createOrder.ts:21"),
        ("ProcessOrder", "queuetrigger", "src/functions/processOrder.ts:8"),
    ]
    assert [b["type"] for b in specs[1].bindings] == ["httpTrigger", "http", "queue"]


@pytest.mark.parametrize(
    "app",
    [APPS / "node-v4", APPS / "node-v4-ts", APPS / "equivalent" / "node-v4", EXAMPLES / "node-v4-app"],
    ids=["node-v4", "node-v4-ts", "equivalent", "example"],
)
def test_bindings_carry_the_properties_the_catalogue_reads(app: Path) -> None:
    """The catalogue has no per-language branch: Node bindings use the function.json property names."""
    for spec in discover_node_v4(app):
        rule = CATALOGUE.get(spec.trigger_type)
        if rule is None:
            continue
        trigger = spec.trigger or {}
        assert all(trigger.get(name) not in (None, "") for name in rule.required), spec.name
        assert any(name in trigger for name in rule.properties) or not rule.properties, spec.name
        if rule.connection is not None and rule.connection.default is None:
            assert any(isinstance(trigger.get(p), str) for p in rule.connection.properties), spec.name
