using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Admin;

/// <summary>Checks a create request field by field; every problem is reported, not just the first.</summary>
internal static class CreateLicenseValidator
{
    /// <summary>The limits the license format carries.</summary>
    public static readonly string[] KnownLimits = ["models", "glyphs"];

    public static Dictionary<string, string[]> Validate(CreateLicenseRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

        if (string.IsNullOrWhiteSpace(request.Customer))
        {
            Add("customer", "is required.");
        }
        else if (request.Customer.Length > 200)
        {
            Add("customer", "must be at most 200 characters.");
        }
        if (request.Product is not null && !IsName(request.Product))
        {
            Add("product", "may use only a-z, 0-9, '.', '_' and '-' (at most 64 characters).");
        }
        if (request.Mode is null)
        {
            Add("mode", "is required: self-hosted, cloud or local.");
        }
        else if (LicenseModes.Normalize(request.Mode) is null)
        {
            Add("mode", $"must be self-hosted, cloud or local, not '{Truncate(request.Mode)}'.");
        }
        if (request.ExpiresAt is not { } expires)
        {
            Add("expires_at", "is required (ISO 8601, e.g. 2027-01-01T00:00:00Z).");
        }
        else
        {
            if (expires <= now)
            {
                Add("expires_at", "is in the past.");
            }
            if (request.NotBefore is { } notBefore && expires <= notBefore)
            {
                Add("expires_at", "must be after not_before.");
            }
        }
        foreach (var (name, value) in request.Limits ?? [])
        {
            if (!KnownLimits.Contains(name, StringComparer.Ordinal))
            {
                Add("limits", $"'{Truncate(name)}' is not a known limit ({string.Join(", ", KnownLimits)}).");
            }
            else if (value < 0)
            {
                Add("limits", $"{name} must be 0 or more, or null for unlimited.");
            }
        }
        foreach (var feature in request.Features ?? [])
        {
            if (feature is null || !IsName(feature))
            {
                Add("features", $"'{Truncate(feature ?? "null")}' may use only a-z, 0-9, '.', '_' and '-'.");
            }
        }
        if (request.MaxMachines is < 1)
        {
            Add("max_machines", "must be at least 1, or absent for no limit.");
        }
        if (request.RevalidateHours is < 1 or > 8760)
        {
            Add("revalidate_hours", "must be between 1 and 8760.");
        }
        if (request.GraceDays is < 0 or > 365)
        {
            Add("grace_days", "must be between 0 and 365.");
        }
        foreach (var fingerprint in request.MachineFingerprints ?? [])
        {
            if (fingerprint is null || fingerprint.Length != 64 || !fingerprint.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            {
                Add("machine_fingerprints", "each must be 64 lowercase hex characters (see 'glyphh-license fingerprint').");
            }
        }
        return errors;
    }

    private static bool IsName(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.');

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
