using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Instruments of the meter <c>Glyphh.Quotas</c>. Usage and limit gauges report the last values this process saw
/// per namespace and resource (with a shared store, other replicas' changes show up on the next operation here).
/// Bounded: a namespace gets series only once it holds usage or an override, and past
/// <see cref="GlyphhQuotasOptions.MetricsNamespaceLimit"/> namespaces the one seen least recently loses them.
/// </summary>
internal sealed class QuotaMetrics
{
    public const string MeterName = GlyphhQuotasDiagnostics.MeterName;
    public const string NamespaceTag = "glyphh.namespace";
    public const string ResourceTag = "glyphh.quota.resource";
    public const string OutcomeTag = "glyphh.quota.outcome";

    private readonly ConcurrentDictionary<string, ObservedNamespace> _observed = new(StringComparer.Ordinal);
    private readonly Lock _evictLock = new();
    private readonly int _limit;
    private readonly Meter _meter;
    private readonly Counter<long> _reservations;
    private readonly Counter<long> _warnings;
    private readonly Counter<long> _releaseRetries;
    private long _clock;

    public QuotaMetrics(IMeterFactory meterFactory, IOptions<GlyphhQuotasOptions> options)
    {
        _limit = options.Value.MetricsNamespaceLimit;
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("glyphh.quota.usage", ObserveUsage, "{unit}", "Usage of a resource in a namespace, as last seen by this process.");
        _meter.CreateObservableGauge("glyphh.quota.limit", ObserveLimits, "{unit}", "Effective limit of a resource in a namespace (unlimited resources are not reported).");
        _reservations = _meter.CreateCounter<long>("glyphh.quota.reservations", "{reservation}", "Reservations by outcome (granted or denied).");
        _warnings = _meter.CreateCounter<long>("glyphh.quota.warnings", "{warning}", "Crossings of the warning threshold.");
        _releaseRetries = _meter.CreateCounter<long>("glyphh.quota.release.retries", "{attempt}", "Failed attempts to apply a queued release.");
    }

    /// <summary>How many namespaces have series now (for tests and the cap).</summary>
    public int ObservedNamespaces => _observed.Count;

    public void ObservePendingReleases(Func<int> pending) =>
        _meter.CreateObservableUpDownCounter("glyphh.quota.release.pending", pending, "{release}", "Releases queued for retry because the store could not take them.");

    public void Granted() => _reservations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, "granted"));

    public void Denied(string resource) => _reservations.Add(
        1,
        new KeyValuePair<string, object?>(OutcomeTag, "denied"),
        new KeyValuePair<string, object?>(ResourceTag, resource));

    public void ReleaseRetried() => _releaseRetries.Add(1);

    public void Warning(string @namespace, string resource) => _warnings.Add(
        1,
        new KeyValuePair<string, object?>(NamespaceTag, @namespace),
        new KeyValuePair<string, object?>(ResourceTag, resource));

    public void Record(string @namespace, string resource, long used, QuotaLimit limit)
    {
        if (!_observed.TryGetValue(@namespace, out var observed))
        {
            observed = Add(@namespace);
        }
        observed.Set(resource, used, limit.ToNullable() ?? -1, Interlocked.Increment(ref _clock));
    }

    public void RecordUsage(string @namespace, string resource, long used)
    {
        if (_observed.TryGetValue(@namespace, out var observed))
        {
            observed.SetUsed(resource, used, Interlocked.Increment(ref _clock));
        }
    }

    private ObservedNamespace Add(string @namespace)
    {
        lock (_evictLock)
        {
            if (_observed.TryGetValue(@namespace, out var existing))
            {
                return existing;
            }
            while (_observed.Count >= _limit)
            {
                var oldest = _observed.MinBy(p => p.Value.LastSeen).Key;
                _observed.TryRemove(oldest, out _);
            }
            var added = new ObservedNamespace();
            _observed[@namespace] = added;
            return added;
        }
    }

    private IEnumerable<Measurement<long>> ObserveUsage()
    {
        foreach (var (ns, observed) in _observed)
        {
            foreach (var (resource, used, _) in observed.Snapshot())
            {
                yield return new Measurement<long>(used, Tags(ns, resource));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLimits()
    {
        foreach (var (ns, observed) in _observed)
        {
            foreach (var (resource, _, limit) in observed.Snapshot())
            {
                // -1 is this cache's internal marker for unlimited, never exported.
                if (limit >= 0)
                {
                    yield return new Measurement<long>(limit, Tags(ns, resource));
                }
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string @namespace, string resource) =>
        [new(NamespaceTag, @namespace), new(ResourceTag, resource)];

    private sealed class ObservedNamespace
    {
        private readonly Dictionary<string, (long Used, long Limit)> _resources = new(StringComparer.Ordinal);
        private long _lastSeen;

        public long LastSeen => Volatile.Read(ref _lastSeen);

        public void Set(string resource, long used, long limit, long tick)
        {
            lock (_resources)
            {
                _resources[resource] = (used, limit);
            }
            Volatile.Write(ref _lastSeen, tick);
        }

        public void SetUsed(string resource, long used, long tick)
        {
            lock (_resources)
            {
                if (_resources.TryGetValue(resource, out var current))
                {
                    _resources[resource] = (used, current.Limit);
                }
            }
            Volatile.Write(ref _lastSeen, tick);
        }

        public (string Resource, long Used, long Limit)[] Snapshot()
        {
            lock (_resources)
            {
                return [.. _resources.Select(p => (p.Key, p.Value.Used, p.Value.Limit))];
            }
        }
    }
}
