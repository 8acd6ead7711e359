# Runs on every cold start of the app, before the first function executes.
# Put shared helpers and one-time setup here; plain variables set here do not survive the first run.

# Sign in with the app's managed identity when one is available (Azure PowerShell modules).
if ($env:MSI_SECRET -or $env:IDENTITY_ENDPOINT) {
    Disable-AzContextAutosave -Scope Process | Out-Null
    Connect-AzAccount -Identity | Out-Null
}
