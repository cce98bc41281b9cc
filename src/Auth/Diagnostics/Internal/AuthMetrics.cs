using System.Diagnostics.Metrics;

namespace Glyphh.Auth.Diagnostics.Internal;

/// <summary>Instruments of the <c>Glyphh.Auth</c> meter.</summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "Glyphh.Auth";

    private readonly Counter<long> _authentications;
    private readonly Counter<long> _denials;
    private readonly Counter<long> _rateLimited;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _authentications = meter.CreateCounter<long>("glyphh.auth.authentications", "{authentication}", "Authentication attempts by scheme (jwt, apikey, none, credential) and outcome (success, failure, cached).");
        _denials = meter.CreateCounter<long>("glyphh.auth.authorization.denials", "{denial}", "Requests refused by authorization, by reason (namespace, platform-admin, ip-allowlist, other).");
        _rateLimited = meter.CreateCounter<long>("glyphh.auth.rate_limit.rejections", "{request}", "Requests rejected with 429 by rate-limit policy.");
    }

    public void Authenticated(string scheme, string outcome) =>
        _authentications.Add(1, new KeyValuePair<string, object?>("scheme", scheme), new KeyValuePair<string, object?>("outcome", outcome));

    public void Denied(string reason) => _denials.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
}
