package com.example.orders;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Back office: the nightly report and invoice uploads. */
public class BackOfficeFunctions {

    @FunctionName("NightlyReport")
    public void nightlyReport(
            @TimerTrigger(name = "timer", schedule = "0 0 2 * * *") String timerInfo,
            final ExecutionContext context) {
        context.getLogger().info("Nightly report started");
    }

    @FunctionName("ProcessInvoice")
    public void processInvoice(
            @BlobTrigger(name = "content", path = "invoices/{name}", dataType = "binary", connection = "AzureWebJobsStorage")
                    byte[] content,
            @BindingName("name") String name,
            final ExecutionContext context) {
        context.getLogger().info("Invoice " + name + ": " + content.length + " bytes");
    }
}
