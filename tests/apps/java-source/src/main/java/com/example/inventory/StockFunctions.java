package com.example.inventory;

import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobInput;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.StorageAccount;
import java.util.Optional;

/** Stock levels: read an item over HTTP, record stock updates from a queue, import catalogue files. */
public class StockFunctions {
    private static final String AUDIT_QUEUE = Settings.STOCK_QUEUE + "-audit";

    @FunctionName("GetItem")
    public HttpResponseMessage getItem(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.PUT}, authLevel = ANONYMOUS,
                    route = Settings.Routes.ITEM) HttpRequestMessage<Optional<String>> request,
            @BlobInput(name = "item", path = "items/{sku}.json", connection = Settings.STORAGE) String item,
            @BindingName("sku") String sku,
            final ExecutionContext context) {
        if (item == null) {
            return request.createResponseBuilder(HttpStatus.NOT_FOUND).body("No item " + sku).build();
        }
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json").body(item).build();
    }

    @FunctionName("RecordStock")
    @StorageAccount(Settings.STORAGE)
    @QueueOutput(name = "audit", queueName = AUDIT_QUEUE)
    public String recordStock(
            @QueueTrigger(name = "update", queueName = Settings.STOCK_QUEUE) String update,
            final ExecutionContext context) {
        context.getLogger().info("Stock update: " + update);
        return update;
    }

    @FunctionName("ImportCatalogue")
    @StorageAccount(Settings.STORAGE)
    public void importCatalogue(
            @BlobTrigger(name = "content", path = "catalogue-imports/{name}.csv", dataType = "binary") byte[] content,
            @BindingName("name") String name,
            final ExecutionContext context) {
        context.getLogger().info("Importing " + name + " (" + content.length + " bytes)");
    }
}
