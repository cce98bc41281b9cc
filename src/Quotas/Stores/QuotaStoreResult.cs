namespace Glyphh.Quotas.Stores;

/// <summary>What a store answers to a reservation: the new usage, the refusal, or an arithmetic overflow.</summary>
public sealed class QuotaStoreResult
{
    private QuotaStoreResult(IReadOnlyList<QuotaResourceUsage> usage, QuotaDenial? denial, QuotaOverflow? overflow)
    {
        Usage = usage;
        Denial = denial;
        Overflow = overflow;
    }

    /// <summary>The usage after a granted reservation, one entry per charge; empty otherwise.</summary>
    public IReadOnlyList<QuotaResourceUsage> Usage { get; }

    /// <summary>The refusal, or <see langword="null"/>.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>The resource whose usage would pass <see cref="QuotaLimit.MaxValue"/>, or <see langword="null"/>.</summary>
    public QuotaOverflow? Overflow { get; }

    /// <summary>Whether every delta was applied.</summary>
    public bool IsGranted => Denial is null && Overflow is null;

    /// <summary>A granted reservation.</summary>
    /// <param name="usage">The usage after it, one entry per charge.</param>
    public static QuotaStoreResult Granted(IReadOnlyList<QuotaResourceUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new(usage, null, null);
    }

    /// <summary>A refused reservation; nothing was applied.</summary>
    /// <param name="denial">The first resource that did not fit.</param>
    public static QuotaStoreResult Denied(QuotaDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new([], denial, null);
    }

    /// <summary>A reservation that would take a usage above <see cref="QuotaLimit.MaxValue"/>; nothing was applied.</summary>
    /// <param name="overflow">The resource that would overflow.</param>
    public static QuotaStoreResult Overflowed(QuotaOverflow overflow)
    {
        ArgumentNullException.ThrowIfNull(overflow);
        return new([], null, overflow);
    }
}
