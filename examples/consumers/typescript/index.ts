import * as pulumi from "@pulumi/pulumi";
import * as functionsKeda from "@pulumi/functions-keda";

const config = new pulumi.Config();

// One KEDA (with the HTTP add-on) for the cluster...
const keda = new functionsKeda.Keda("keda", { httpAddOn: true });

// ...and the app, scaled to zero on HTTP through the add-on.
const orders = new functionsKeda.FunctionApp("orders", {
    appPath: "../../python-v2-app",
    name: "orders",
    registry: config.get("registry") ?? "localhost:5001",
    kedaReleases: keda.releases,
    httpScaling: "http-add-on",
    httpHosts: ["orders.example.com"],
    ingressHost: "orders.example.com",
    existingSecrets: {
        "orders-connections": ["AzureWebJobsStorage", "ServiceBusConnection", "EventHubConnection"],
    },
});

export const urls = orders.urls;
export const invokeUrls = orders.invokeUrls; // a secret: carries function keys
export const scalers = orders.scalers;
