using Glyphh.Licensing;
using Glyphh.Runtime.Configuration;
using Glyphh.Runtime.Quotas;

namespace Glyphh.Runtime.Api;

/// <summary><c>GET /license</c> for a platform admin: the license state, reachable even when the license has expired.</summary>
internal static class LicenseApi
{
    public static void MapLicenseApi(this IEndpointRouteBuilder app, RuntimeSettings settings) =>
        app.MapGet("/license", (ILicenseState state) =>
        {
            var s = state.Current;
            return Results.Ok(new LicenseResponse(
                Status: s.Status switch
                {
                    LicenseStatus.Unlicensed => "unlicensed",
                    LicenseStatus.Valid or LicenseStatus.Expiring => "valid",
                    LicenseStatus.Grace => "grace",
                    LicenseStatus.Expired => "expired",
                    _ => "invalid",
                },
                ExpiringSoon: s.Status == LicenseStatus.Expiring,
                Mode: s.Mode.ToName(),
                Reason: s.Reason,
                LicenseId: s.LicenseId,
                Customer: s.Customer,
                ExpiresAt: s.ExpiresAt,
                GraceEndsAt: s.GraceEndsAt,
                LastValidatedAt: s.LastValidatedAt,
                Limits: LimitsOf(s.Limits),
                Features: s.Features?.Order(StringComparer.Ordinal).ToArray()));
        })
        .RequirePlatformAdmin()
        .WithTags("license")
        .WithName("GetLicense")
        .WithSummary("The license state (platform admin).")
        .Produces<LicenseResponse>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .AsAdminRoute(settings);

    internal sealed record LicenseResponse(
        string Status, bool ExpiringSoon, string Mode, string Reason, string? LicenseId, string? Customer,
        DateTimeOffset? ExpiresAt, DateTimeOffset? GraceEndsAt, DateTimeOffset? LastValidatedAt,
        IReadOnlyDictionary<string, long?> Limits, string[]? Features);

    /// <summary>The runtime's own limits always (null means unlimited), then any other name the license carries.</summary>
    private static SortedDictionary<string, long?> LimitsOf(EffectiveLimits limits)
    {
        var result = new SortedDictionary<string, long?>(StringComparer.Ordinal);
        foreach (var name in LicenseTierCaps.RuntimeLimits)
        {
            result[name] = limits.Get(name);
        }
        foreach (var (name, value) in limits.Values)
        {
            result[name] = value;
        }
        return result;
    }
}
