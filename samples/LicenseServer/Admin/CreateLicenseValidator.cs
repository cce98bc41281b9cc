using Glyphh.LicenseServer.Licenses;
using Glyphh.Licensing;

namespace Glyphh.LicenseServer.Admin;

/// <summary>Checks a create request field by field; every problem is reported, not just the first.</summary>
internal static class CreateLicenseValidator
{
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
        if (request.Product is not null && !LicenseEntitlements.IsValidName(request.Product))
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
        // Any product-defined name; null still means "not limited" (older clients sent it for unlimited).
        if (LicenseEntitlements.CheckLimits((request.Limits ?? []).Select(kv => KeyValuePair.Create(kv.Key, kv.Value ?? 0))) is { } limitProblem)
        {
            Add("limits", limitProblem);
        }
        if (request.Features is { } features && LicenseEntitlements.CheckFeatures(features.Distinct(StringComparer.Ordinal)) is { } featureProblem)
        {
            Add("features", featureProblem);
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

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
