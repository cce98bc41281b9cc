namespace Glyphh.LicenseServer.Admin;

/// <summary>The answer to a create: the license, its online key (shown only here) and the offline license file.</summary>
internal sealed record CreatedLicenseResponse(LicenseResponse License, string Key, string LicenseFile);
