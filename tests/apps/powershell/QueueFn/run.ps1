# Input bindings are passed in via param block.
param($QueueItem, $TriggerMetadata)

Write-Host "Processing job $($QueueItem.id) from ps-jobs"
Write-Host "Inserted at $($TriggerMetadata.InsertionTime), dequeue count $($TriggerMetadata.DequeueCount)"
