using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Instruments of the meter <c>Glyphh.Quotas</c>. Usage and limit gauges report the last values this process saw
/// per namespace and resource (with a shared store, other replicas' changes show up on the next operation here).
/// </summary>
internal sealed class QuotaMetrics
{
    public const string MeterName = "Glyphh.Quotas";
    public const string NamespaceTag = "glyphh.namespace";
    public const string ResourceTag = "glyphh.quota.resource";
    public const string OutcomeTag = "glyphh.quota.outcome";

    private readonly ConcurrentDictionary<(string Namespace, string Resource), Observed> _observed = new();
    private readonly Counter<long> _reservations;
    private readonly Counter<long> _warnings;

    public QuotaMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("glyphh.quota.usage", ObserveUsage, "{unit}", "Usage of a resource in a namespace, as last seen by this process.");
        meter.CreateObservableGauge("glyphh.quota.limit", ObserveLimits, "{unit}", "Effective limit of a resource in a namespace (unlimited resources are not reported).");
        _reservations = meter.CreateCounter<long>("glyphh.quota.reservations", "{reservation}", "Reservations by outcome (granted or denied).");
        _warnings = meter.CreateCounter<long>("glyphh.quota.warnings", "{warning}", "Crossings of the warning threshold.");
    }

    public void Granted() => _reservations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, "granted"));

    public void Denied(string resource) => _reservations.Add(
        1,
        new KeyValuePair<string, object?>(OutcomeTag, "denied"),
        new KeyValuePair<string, object?>(ResourceTag, resource));

    public void Warning(string @namespace, string resource) => _warnings.Add(
        1,
        new KeyValuePair<string, object?>(NamespaceTag, @namespace),
        new KeyValuePair<string, object?>(ResourceTag, resource));

    public void Record(string @namespace, string resource, long used, QuotaLimit limit)
    {
        var observed = _observed.GetOrAdd((@namespace, resource), static _ => new Observed());
        observed.Used = used;
        observed.Limit = limit.ToNullable() ?? -1;
    }

    public void RecordUsage(string @namespace, string resource, long used)
    {
        if (_observed.TryGetValue((@namespace, resource), out var observed))
        {
            observed.Used = used;
        }
    }

    private IEnumerable<Measurement<long>> ObserveUsage()
    {
        foreach (var ((ns, resource), observed) in _observed)
        {
            yield return new Measurement<long>(observed.Used, Tags(ns, resource));
        }
    }

    private IEnumerable<Measurement<long>> ObserveLimits()
    {
        foreach (var ((ns, resource), observed) in _observed)
        {
            // -1 is this cache's internal marker for unlimited, never exported.
            if (observed.Limit >= 0)
            {
                yield return new Measurement<long>(observed.Limit, Tags(ns, resource));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string @namespace, string resource) =>
        [new(NamespaceTag, @namespace), new(ResourceTag, resource)];

    private sealed class Observed
    {
        private long _used;
        private long _limit;

        public long Used
        {
            get => Volatile.Read(ref _used);
            set => Volatile.Write(ref _used, value);
        }

        public long Limit
        {
            get => Volatile.Read(ref _limit);
            set => Volatile.Write(ref _limit, value);
        }
    }
}
