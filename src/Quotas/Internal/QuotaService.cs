using System.Globalization;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Validates input, resolves defaults and tier caps, and leaves the atomic part to the store.</summary>
internal sealed class QuotaService : IQuotaService
{
    private readonly IQuotaStore _store;
    private readonly IQuotaTierCaps[] _tierCaps;
    private readonly QuotaMetrics _metrics;
    private readonly ILogger<QuotaService> _logger;
    private readonly Dictionary<string, QuotaLimit> _defaults;
    private readonly string[] _resources;
    private readonly double _warningThreshold;
    private readonly Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask> _release;

    public QuotaService(
        IQuotaStore store,
        IEnumerable<IQuotaTierCaps> tierCaps,
        IOptions<QuotaOptions> options,
        QuotaMetrics metrics,
        ILogger<QuotaService> logger)
    {
        _store = store;
        _tierCaps = [.. tierCaps];
        _metrics = metrics;
        _logger = logger;
        var value = options.Value;
        _defaults = value.DefaultLimits.ToDictionary(p => p.Key, p => QuotaLimit.FromNullable(p.Value), StringComparer.Ordinal);
        _resources = [.. _defaults.Keys.Order(StringComparer.Ordinal)];
        _warningThreshold = value.WarningThreshold;
        _release = (ns, requests, ct) => ReleaseValidatedAsync(ns, requests, ct);
    }

    /// <summary>The known resources in ordinal order.</summary>
    public IReadOnlyList<string> Resources => _resources;

    public ValueTask<QuotaReservation> ReserveAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default) =>
        ReserveAsync(@namespace, [new QuotaRequest(resource, amount)], cancellationToken);

    public async ValueTask<QuotaReservation> ReserveAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        var merged = Normalize(requests);
        var charges = new List<QuotaCharge>(merged.Length);
        foreach (var request in merged)
        {
            if (request.Amount > 0)
            {
                charges.Add(new QuotaCharge(request.Resource, request.Amount, _defaults[request.Resource], TierCap(@namespace, request.Resource)));
            }
        }
        if (charges.Count == 0)
        {
            _metrics.Granted();
            return new QuotaReservation(@namespace, merged, null, null);
        }

        QuotaStoreResult result;
        try
        {
            result = await _store.TryReserveAsync(@namespace, charges, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
        {
            throw StoreFailed(exception, "reserve", @namespace);
        }

        if (result.Denial is { } denial)
        {
            if (denial.Limit.IsUnlimited)
            {
                throw new QuotaException(
                    QuotaErrorCode.Overflow,
                    string.Create(CultureInfo.InvariantCulture, $"Reserving {denial.Requested} {denial.Resource} in namespace '{@namespace}' would take its usage ({denial.Used}) above {QuotaLimit.MaxValue}."));
            }
            _metrics.Denied(denial.Resource);
            _metrics.Record(@namespace, denial.Resource, denial.Used, denial.Limit);
            Log.ReservationDenied(_logger, @namespace, denial.Resource, denial.Requested, denial.Used, denial.Limit.ToString(), denial.Source);
            return new QuotaReservation(@namespace, merged, denial, null);
        }

        _metrics.Granted();
        foreach (var usage in result.Usage)
        {
            _metrics.Record(@namespace, usage.Resource, usage.Used, usage.Limit);
            WarnOnCrossing(@namespace, usage, usage.Used - AmountOf(charges, usage.Resource));
        }
        return new QuotaReservation(@namespace, merged, null, _release);
    }

    public ValueTask ReleaseAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default) =>
        ReleaseAsync(@namespace, [new QuotaRequest(resource, amount)], cancellationToken);

    public ValueTask ReleaseAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        return ReleaseValidatedAsync(@namespace, Normalize(requests), cancellationToken);
    }

    public async ValueTask SetUsageAsync(string @namespace, string resource, long used, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ThrowIfUnknownResource(resource);
        QuotaValidation.ThrowIfInvalidAmount(used, "usage");
        try
        {
            await _store.SetUsageAsync(@namespace, resource, used, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
        {
            throw StoreFailed(exception, "set-usage", @namespace);
        }
        _metrics.RecordUsage(@namespace, resource, used);
        Log.UsageSet(_logger, @namespace, resource, used);
    }

    public async ValueTask<QuotaStatus> GetStatusAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        QuotaStoreSnapshot snapshot;
        try
        {
            snapshot = await _store.GetAsync(@namespace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
        {
            throw StoreFailed(exception, "read", @namespace);
        }

        var limits = new Dictionary<string, QuotaLimit>(_resources.Length, StringComparer.Ordinal);
        var usage = new Dictionary<string, long>(_resources.Length, StringComparer.Ordinal);
        var sources = new Dictionary<string, QuotaLimitSource>(_resources.Length, StringComparer.Ordinal);
        foreach (var resource in _resources)
        {
            var charge = new QuotaCharge(resource, 0, _defaults[resource], TierCap(@namespace, resource));
            var (limit, source) = charge.Resolve(snapshot.Overrides.TryGetValue(resource, out var o) ? o : null);
            var used = snapshot.Usage.GetValueOrDefault(resource);
            limits[resource] = limit;
            usage[resource] = used;
            sources[resource] = source;
            _metrics.Record(@namespace, resource, used, limit);
        }
        return new QuotaStatus(@namespace, limits, usage, sources);
    }

    public async ValueTask<QuotaStatus> SetLimitsAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ArgumentNullException.ThrowIfNull(changes);
        var copy = new Dictionary<string, QuotaLimit?>(changes.Count, StringComparer.Ordinal);
        foreach (var (resource, limit) in changes)
        {
            ThrowIfUnknownResource(resource);
            if (limit is { IsUnlimited: false } value)
            {
                // Re-checks values made through default(QuotaLimit) or a host's own struct copies.
                _ = QuotaLimit.Of(value.Value);
            }
            copy[resource] = limit;
        }
        if (copy.Count > 0)
        {
            try
            {
                await _store.SetOverridesAsync(@namespace, copy, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
            {
                throw StoreFailed(exception, "set-limits", @namespace);
            }
            Log.LimitsChanged(_logger, @namespace, string.Join(", ", copy.Select(p => $"{p.Key}={(p.Value is { } v ? v.ToString() : "default")}")));
        }
        return await GetStatusAsync(@namespace, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ReleaseValidatedAsync(string @namespace, IReadOnlyList<QuotaRequest> requests, CancellationToken cancellationToken)
    {
        var releases = requests.Where(r => r.Amount > 0).ToArray();
        if (releases.Length == 0)
        {
            return;
        }
        IReadOnlyDictionary<string, long> after;
        try
        {
            after = await _store.ReleaseAsync(@namespace, releases, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
        {
            throw StoreFailed(exception, "release", @namespace);
        }
        foreach (var (resource, used) in after)
        {
            _metrics.RecordUsage(@namespace, resource, used);
        }
    }

    /// <summary>Validates, merges duplicates (checked) and sorts ordinally so stores lock in one order.</summary>
    private QuotaRequest[] Normalize(IEnumerable<QuotaRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            ThrowIfUnknownResource(request.Resource);
            QuotaValidation.ThrowIfInvalidAmount(request.Amount, "amount");
            var total = totals.GetValueOrDefault(request.Resource);
            if (total > QuotaLimit.MaxValue - request.Amount)
            {
                throw new QuotaException(
                    QuotaErrorCode.Overflow,
                    string.Create(CultureInfo.InvariantCulture, $"The amounts of {request.Resource} add up to more than {QuotaLimit.MaxValue}."));
            }
            totals[request.Resource] = total + request.Amount;
        }
        return [.. totals.Select(p => new QuotaRequest(p.Key, p.Value))];
    }

    private void ThrowIfUnknownResource(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!_defaults.ContainsKey(resource))
        {
            throw new QuotaException(
                QuotaErrorCode.UnknownResource,
                $"The resource '{QuotaValidation.Printable(resource)}' is not known; known resources: {string.Join(", ", _resources)}.");
        }
    }

    private QuotaLimit TierCap(string @namespace, string resource)
    {
        var cap = QuotaLimit.Unlimited;
        foreach (var caps in _tierCaps)
        {
            cap = QuotaLimit.Min(cap, caps.GetCap(@namespace, resource));
        }
        return cap;
    }

    private void WarnOnCrossing(string @namespace, QuotaResourceUsage usage, long before)
    {
        if (usage.Limit.IsUnlimited || usage.Limit.Value == 0)
        {
            return;
        }
        var limit = usage.Limit.Value;
        var threshold = (long)Math.Ceiling(limit * _warningThreshold);
        if (before < threshold && usage.Used >= threshold)
        {
            _metrics.Warning(@namespace, usage.Resource);
            Log.WarningThresholdCrossed(_logger, @namespace, usage.Resource, usage.Used, limit, Math.Round(_warningThreshold * 100, 2));
        }
    }

    private static long AmountOf(List<QuotaCharge> charges, string resource)
    {
        foreach (var charge in charges)
        {
            if (string.Equals(charge.Resource, resource, StringComparison.Ordinal))
            {
                return charge.Amount;
            }
        }
        return 0;
    }

    private QuotaException StoreFailed(Exception exception, string operation, string @namespace)
    {
        Log.StoreFailed(_logger, exception, operation, @namespace);
        return new QuotaException(QuotaErrorCode.StoreUnavailable, $"The quota store failed during {operation}; nothing was granted.", exception);
    }
}
