# Modules the Functions host downloads from the PowerShell Gallery (managed dependencies).
# See https://aka.ms/functionsmanageddependency
@{
    'Az.Accounts' = '3.*'
    'Az.Storage' = '7.*'
}
