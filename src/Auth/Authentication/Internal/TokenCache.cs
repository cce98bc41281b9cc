using System.Collections.Concurrent;
using System.Security.Claims;
using Glyphh.Auth.Authorization.Internal;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>A bounded cache of validated tokens, keyed by SHA-256 and kept until the token's expiry.</summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public TokenCache(int capacity, TimeProvider time)
    {
        _capacity = capacity;
        _time = time;
    }

    public int Count => _entries.Count;

    public bool TryGet(TokenHash key, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!))
        {
            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                return true;
            }

            _entries.TryRemove(key, out _);
        }

        return false;
    }

    public void Add(TokenHash key, Entry entry)
    {
        if (_capacity <= 0)
        {
            return;
        }

        if (_entries.Count >= _capacity)
        {
            var now = _time.GetUtcNow();
            foreach (var (k, e) in _entries)
            {
                if (e.ExpiresAt <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= _capacity)
            {
                // Still full of live tokens: start over rather than grow; the next sight of each token validates again.
                _entries.Clear();
            }
        }

        _entries[key] = entry;
    }

    internal sealed record Entry(Claim[] Claims, NamespaceGrants Grants, DateTimeOffset ExpiresAt);
}
