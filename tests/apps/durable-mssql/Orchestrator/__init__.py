import azure.durable_functions as df


def orchestrator_function(context: df.DurableOrchestrationContext):
    greetings = []
    for city in ("Tokyo", "Seattle", "London"):
        greeting = yield context.call_activity("SayHello", city)
        greetings.append(greeting)
    return greetings


main = df.Orchestrator.create(orchestrator_function)
