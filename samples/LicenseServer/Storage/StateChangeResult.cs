namespace Glyphh.LicenseServer.Storage;

/// <summary>How a suspend, reinstate or revoke went.</summary>
internal enum StateChangeResult
{
    Changed,
    Unchanged,
    NotFound,
    Conflict,
}
