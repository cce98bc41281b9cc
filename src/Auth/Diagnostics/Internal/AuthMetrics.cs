using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Glyphh.Auth.Diagnostics.Internal;

/// <summary>Instruments of the <c>Glyphh.Auth</c> meter.</summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "Glyphh.Auth";

    // Every authenticated request counts one: kept here and read when a collector asks, because a counter's Add costs
    // the exporter's per-measurement aggregation (a tag lookup) on each request, and an increment does not.
    private static readonly string[] Schemes = ["jwt", "apikey", "none", "credential"];
    private static readonly string[] Outcomes = ["success", "cached", "failure"];

    private readonly long[] _authentications = new long[Schemes.Length * Outcomes.Length];
    private readonly ConcurrentDictionary<(string Scheme, string Outcome), StrongBox<long>> _otherAuthentications = new();
    private readonly Counter<long> _denials;
    private readonly Counter<long> _rateLimited;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("glyphh.auth.authentications", ObserveAuthentications, "{authentication}", "Authentication attempts by scheme (jwt, apikey, none) and outcome (success, failure, cached).");
        _denials = meter.CreateCounter<long>("glyphh.auth.authorization.denials", "{denial}", "Requests refused by authorization, by reason (namespace, platform-admin, ip-allowlist, other).");
        _rateLimited = meter.CreateCounter<long>("glyphh.auth.rate_limit.rejections", "{request}", "Requests rejected with 429 by rate-limit policy.");
    }

    public void Authenticated(string scheme, string outcome)
    {
        var s = Array.IndexOf(Schemes, scheme);
        var o = Array.IndexOf(Outcomes, outcome);
        if (s >= 0 && o >= 0)
        {
            Interlocked.Increment(ref _authentications[(s * Outcomes.Length) + o]);
        }
        else
        {
            Interlocked.Increment(ref _otherAuthentications.GetOrAdd((scheme, outcome), static _ => new StrongBox<long>()).Value);
        }
    }

    public void Denied(string reason) => _denials.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));

    /// <summary>The totals so far of each scheme and outcome seen, as a counter's collector would have summed them.</summary>
    private IEnumerable<Measurement<long>> ObserveAuthentications()
    {
        var measurements = new List<Measurement<long>>();
        for (var cell = 0; cell < _authentications.Length; cell++)
        {
            if (Volatile.Read(ref _authentications[cell]) is var total and > 0)
            {
                measurements.Add(Measure(total, Schemes[cell / Outcomes.Length], Outcomes[cell % Outcomes.Length]));
            }
        }

        foreach (var ((scheme, outcome), total) in _otherAuthentications)
        {
            measurements.Add(Measure(Volatile.Read(ref total.Value), scheme, outcome));
        }

        return measurements;
    }

    private static Measurement<long> Measure(long total, string scheme, string outcome) =>
        new(total, new KeyValuePair<string, object?>("scheme", scheme), new KeyValuePair<string, object?>("outcome", outcome));
}
