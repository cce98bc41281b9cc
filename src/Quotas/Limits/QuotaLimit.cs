using System.Globalization;

namespace Glyphh.Quotas;

/// <summary>
/// A limit on one resource: a non-negative whole number, or explicitly <see cref="Unlimited"/>.
/// The default value is a limit of zero, so a forgotten limit refuses rather than grants.
/// </summary>
public readonly struct QuotaLimit : IEquatable<QuotaLimit>
{
    /// <summary>
    /// The largest limit, amount or usage the package accepts: 2^53 - 1, the largest integer every JSON
    /// client represents exactly.
    /// </summary>
    public const long MaxValue = 9_007_199_254_740_991;

    private readonly long _value;
    private readonly bool _unlimited;

    private QuotaLimit(long value, bool unlimited)
    {
        _value = value;
        _unlimited = unlimited;
    }

    /// <summary>No limit: any usage up to <see cref="MaxValue"/> is allowed.</summary>
    public static QuotaLimit Unlimited => new(0, unlimited: true);

    /// <summary>Whether this limit is <see cref="Unlimited"/>.</summary>
    public bool IsUnlimited => _unlimited;

    /// <summary>The limit's value.</summary>
    /// <exception cref="InvalidOperationException">The limit is <see cref="Unlimited"/>.</exception>
    public long Value => _unlimited
        ? throw new InvalidOperationException("An unlimited quota limit has no value; check IsUnlimited first.")
        : _value;

    /// <summary>Creates a limit of <paramref name="value"/>.</summary>
    /// <param name="value">Between 0 and <see cref="MaxValue"/>.</param>
    /// <exception cref="QuotaException"><paramref name="value"/> is negative or above <see cref="MaxValue"/> (code <see cref="QuotaErrorCodes.InvalidLimit"/>).</exception>
    public static QuotaLimit Of(long value) => value is >= 0 and <= MaxValue
        ? new QuotaLimit(value, unlimited: false)
        : throw new QuotaException(QuotaErrorCodes.InvalidLimit, string.Create(CultureInfo.InvariantCulture, $"A quota limit must be between 0 and {MaxValue}; got {value}."));

    /// <summary>Converts a nullable number where <see langword="null"/> means unlimited.</summary>
    /// <param name="value">The limit, or <see langword="null"/> for <see cref="Unlimited"/>.</param>
    /// <exception cref="QuotaException">The value is out of range.</exception>
    public static QuotaLimit FromNullable(long? value) => value is { } v ? Of(v) : Unlimited;

    /// <summary>The limit as a nullable number: <see langword="null"/> when unlimited.</summary>
    public long? ToNullable() => _unlimited ? null : _value;

    /// <summary>Whether a usage of <paramref name="used"/> stays within this limit.</summary>
    /// <param name="used">The usage to test.</param>
    public bool Allows(long used) => _unlimited ? used <= MaxValue : used <= _value;

    /// <summary>The smaller of two limits (<see cref="Unlimited"/> is larger than any number).</summary>
    /// <param name="left">One limit.</param>
    /// <param name="right">The other limit.</param>
    public static QuotaLimit Min(QuotaLimit left, QuotaLimit right) =>
        left._unlimited ? right : right._unlimited ? left : left._value <= right._value ? left : right;

    /// <inheritdoc />
    public bool Equals(QuotaLimit other) => _unlimited == other._unlimited && _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QuotaLimit other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_unlimited, _value);

    /// <summary><c>unlimited</c>, or the value in invariant digits.</summary>
    public override string ToString() => _unlimited ? "unlimited" : _value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Compares two limits for equality.</summary>
    /// <param name="left">One limit.</param>
    /// <param name="right">The other limit.</param>
    public static bool operator ==(QuotaLimit left, QuotaLimit right) => left.Equals(right);

    /// <summary>Compares two limits for inequality.</summary>
    /// <param name="left">One limit.</param>
    /// <param name="right">The other limit.</param>
    public static bool operator !=(QuotaLimit left, QuotaLimit right) => !left.Equals(right);
}
