namespace Glyphh.LicenseServer.Storage;

/// <summary>How a validation names its license: by the online key's hash, or by license id (an offline license that calls home).</summary>
internal sealed record LicenseLookup(string? KeyHash, string? LicenseId);
