using Glyphh.Quotas.Stores;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// The charges of one reservation call, with the buffer and the pre-built result the in-memory store answers through,
/// so a granted reservation allocates nothing. Any other store gets a copy (it may keep what it is given). Scratch for
/// the call only: back to a one-per-thread cache once the store answered and the metrics are recorded, whatever
/// the outcome, so a reservation that is never committed costs only its small lease state.
/// </summary>
internal sealed class ReservationCharges : ScratchList<QuotaCharge>
{
    [ThreadStatic]
    private static ReservationCharges? t_cached;

    private ReservationCharges() => Granted = QuotaStoreResult.Granted(Usage);

    public static ReservationCharges Rent()
    {
        var charges = t_cached ?? new ReservationCharges();
        t_cached = null;
        return charges;
    }

    public void Return()
    {
        Clear();
        Usage.Clear();
        t_cached = this;
    }

    /// <summary>The usage after the reservation, written by the in-memory store.</summary>
    public ScratchList<QuotaResourceUsage> Usage { get; } = new();

    /// <summary>A granted result over <see cref="Usage"/>.</summary>
    public QuotaStoreResult Granted { get; }
}

/// <summary>
/// The mutable part of a granted <see cref="QuotaReservation"/> (a struct): whether it is pending, committed or
/// released, and how to undo it. Pooled like an <c>IValueTaskSource</c>: every copy of the reservation carries the
/// version it was granted at, and acts only while the version matches. Only a commit recycles the state (bumping the
/// version), so a stale copy behaves as a committed reservation does; a released state is never reused, so a later
/// commit on any copy still sees "released".
/// </summary>
internal sealed class ReservationState
{
    private const long Pending = 0;
    private const long Committed = 1;
    private const long Released = 2;
    private const int SharedSlots = 16;

    [ThreadStatic]
    private static ReservationState? t_cached;

    private static readonly ReservationState?[] s_shared = new ReservationState?[SharedSlots];

    // version << 2 | status, changed atomically as one word.
    private long _word;

    public Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? Release { get; private set; }

    public long Version => Volatile.Read(ref _word) >> 2;

    public static ReservationState Rent(Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? release)
    {
        var state = t_cached;
        if (state is not null)
        {
            t_cached = null;
        }
        else
        {
            for (var i = 0; i < s_shared.Length && state is null; i++)
            {
                state = Interlocked.Exchange(ref s_shared[i], null);
            }
            state ??= new ReservationState();
        }
        state.Release = release;
        return state;
    }

    /// <summary>Back to the pool under a new version; only when no copy of a reservation can still be pending on it.</summary>
    public void Return()
    {
        Release = null;
        Volatile.Write(ref _word, ((Volatile.Read(ref _word) >> 2) + 1) << 2 | Pending);
        if (t_cached is null)
        {
            t_cached = this;
            return;
        }
        for (var i = 0; i < s_shared.Length; i++)
        {
            if (Interlocked.CompareExchange(ref s_shared[i], this, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Commits the lease at <paramref name="version"/>; false only when it was released.</summary>
    public bool TryCommit(long version)
    {
        while (true)
        {
            var word = Volatile.Read(ref _word);
            if (word >> 2 != version)
            {
                // Recycled, which only a commit does: this copy's reservation is committed.
                return true;
            }
            switch (word & 3)
            {
                case Released:
                    return false;
                case Committed:
                    return true;
            }
            if (Interlocked.CompareExchange(ref _word, version << 2 | Committed, word) == word)
            {
                Return();
                return true;
            }
        }
    }

    /// <summary>Marks the lease at <paramref name="version"/> released and returns the undo, or null when there is nothing to undo.</summary>
    public Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? TryStartRelease(long version)
    {
        var pending = version << 2 | Pending;
        // A released state is never recycled, so Release still belongs to this lease after the exchange.
        return Interlocked.CompareExchange(ref _word, version << 2 | Released, pending) == pending ? Release : null;
    }

    /// <summary>The undo failed even to queue: pending again, so a later release can retry.</summary>
    public void AbortRelease(long version) =>
        Interlocked.CompareExchange(ref _word, version << 2 | Pending, version << 2 | Released);
}
