using Microsoft.Extensions.Primitives;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>Which check keys a readiness request reports: those with one of the option's tags, narrowed by <c>?tag=</c>.</summary>
internal sealed class ReadinessSelection
{
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _keysByTag;
    private readonly HashSet<string>? _configured;

    /// <param name="tags">Each check key's registration tags.</param>
    /// <param name="configured">The tags of <see cref="GlyphhHealthOptions.ReadinessTags"/>; empty selects every check.</param>
    public ReadinessSelection(IReadOnlyDictionary<string, IReadOnlySet<string>> tags, IList<string> configured)
    {
        var byTag = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (key, keyTags) in tags)
        {
            foreach (var tag in keyTags)
            {
                if (!byTag.TryGetValue(tag, out var keys))
                {
                    byTag[tag] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(key);
            }
        }

        _keysByTag = byTag.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
        _configured = configured.Count == 0 ? null : Union(configured);
    }

    /// <summary>The keys to report (<see langword="null"/> for all), or false with the first tag no check has.</summary>
    public bool TrySelect(StringValues requested, out IReadOnlySet<string>? keys, out string? unknown)
    {
        unknown = null;
        keys = _configured;
        if (requested.Count == 0)
        {
            return true;
        }

        foreach (var tag in requested)
        {
            if (tag is null || !_keysByTag.ContainsKey(tag))
            {
                unknown = tag ?? "";
                keys = null;
                return false;
            }
        }

        var asked = Union(requested!);
        if (_configured is not null)
        {
            asked.IntersectWith(_configured);
        }

        keys = asked;
        return true;
    }

    private HashSet<string> Union(IEnumerable<string> tags)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (_keysByTag.TryGetValue(tag, out var tagged))
            {
                keys.UnionWith(tagged);
            }
        }

        return keys;
    }
}
