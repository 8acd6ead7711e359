package com.example.inventory;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.KafkaTrigger;
import com.microsoft.azure.functions.rabbitmq.annotation.RabbitMQTrigger;

/** Supplier feeds: catalogue updates from Kafka and warehouse barcode scans from RabbitMQ. */
public class SupplierFunctions {
    private static final int LAG_PER_REPLICA = 200;

    @FunctionName("SupplierUpdates")
    public void supplierUpdates(
            @KafkaTrigger(name = "records", topic = "supplier-updates", brokerList = "%KafkaBrokers%",
                    consumerGroup = "inventory", cardinality = Cardinality.MANY, dataType = "string",
                    lagThreshold = LAG_PER_REPLICA) String[] records,
            final ExecutionContext context) {
        context.getLogger().info(records.length + " supplier updates");
    }

    @FunctionName("WarehouseScans")
    public void warehouseScans(
            @RabbitMQTrigger(connectionStringSetting = "RabbitMQConnection", queueName = "warehouse-scans") String scan,
            final ExecutionContext context) {
        context.getLogger().info("Scan " + scan);
    }
}
