using System.Collections.Frozen;

namespace Glyphh.Licensing;

/// <summary>
/// The limits in force: the running mode's defaults (set by the host) combined with the license's, by
/// product-defined name. A name with no number is unlimited, explicitly; there are no magic numbers.
/// </summary>
public sealed class EffectiveLimits
{
    private readonly FrozenDictionary<string, long> _values;

    /// <summary>Creates limits from names and numbers.</summary>
    /// <param name="values">The limited names and their numbers; any other name is unlimited.</param>
    public EffectiveLimits(IEnumerable<KeyValuePair<string, long>> values)
        : this(values, allowsNothing: false)
    {
    }

    private EffectiveLimits(IEnumerable<KeyValuePair<string, long>> values, bool allowsNothing)
    {
        ArgumentNullException.ThrowIfNull(values);
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            map[name] = value;
        }

        _values = map.ToFrozenDictionary(StringComparer.Ordinal);
        AllowsNothing = allowsNothing;
    }

    /// <summary>No limits (a license or mode that limits nothing).</summary>
    public static EffectiveLimits Unlimited { get; } = new([]);

    /// <summary>Nothing allowed, whatever the name: self-hosted without a verified license.</summary>
    public static EffectiveLimits None { get; } = new([], allowsNothing: true);

    /// <summary>Whether every name is limited to 0 (<see cref="None"/>).</summary>
    public bool AllowsNothing { get; }

    /// <summary>The limited names and their numbers (empty for <see cref="Unlimited"/> and <see cref="None"/>).</summary>
    public IReadOnlyDictionary<string, long> Values => _values;

    /// <summary>The limit on <paramref name="name"/>.</summary>
    /// <param name="name">A product-defined name, for example <c>projects</c>.</param>
    /// <returns>The number; 0 when <see cref="AllowsNothing"/>; <see langword="null"/> when unlimited.</returns>
    public long? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AllowsNothing ? 0 : _values.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Whether one more of <paramref name="name"/> is allowed when <paramref name="current"/> exist.</summary>
    /// <param name="name">A product-defined name.</param>
    /// <param name="current">How many exist now.</param>
    /// <returns><see langword="true"/> when below the limit or unlimited.</returns>
    public bool AllowsAnother(string name, long current) => Get(name) is not { } max || current < max;

    /// <summary>Combines a mode's defaults with a license's limits: the license's number wins for a name it carries.</summary>
    /// <param name="defaults">The mode's defaults, from the host.</param>
    /// <param name="license">The license's limits; <see langword="null"/> for none.</param>
    /// <returns>The limits in force.</returns>
    public static EffectiveLimits Combine(IEnumerable<KeyValuePair<string, long>>? defaults, IEnumerable<KeyValuePair<string, long>>? license)
    {
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in defaults ?? [])
        {
            merged[name] = value;
        }

        foreach (var (name, value) in license ?? [])
        {
            merged[name] = value;
        }

        return merged.Count == 0 ? Unlimited : new EffectiveLimits(merged);
    }

    /// <summary>Whether both allow exactly the same.</summary>
    internal bool SameAs(EffectiveLimits other)
        => AllowsNothing == other.AllowsNothing
        && _values.Count == other._values.Count
        && _values.All(p => other._values.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>The limits as <c>name=N</c> pairs in name order, <c>unlimited</c> or <c>none</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => AllowsNothing ? "none" : LicenseEntitlements.Describe(_values, "unlimited");
}
