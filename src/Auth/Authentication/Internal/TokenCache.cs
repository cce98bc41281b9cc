using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Security.Claims;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.AspNetCore.Authentication;

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

    /// <summary>False with a size of 0: then nothing is hashed or looked up per request.</summary>
    public bool Enabled => _capacity > 0;

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

    /// <summary>A validated token: its claims and grants, until when it may be served, and the keys it was checked against.</summary>
    internal sealed record Entry(Claim[] Claims, NamespaceGrants Grants, DateTimeOffset ExpiresAt)
    {
        // Read-only properties shared by every cached ticket: nothing per request, nothing one request could leave for another.
        private static readonly AuthenticationProperties SharedProperties = new(
            new ReadOnlyDictionary<string, string?>(new Dictionary<string, string?>()),
            new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>()));

        private Task<AuthenticateResult>? _shared;

        /// <summary>The signing keys in force at validation; a different key set (rotation) makes the entry a miss.</summary>
        public object? KeySet { get; init; }

        /// <summary>
        /// One completed result for every request with this token: a read-only principal (its identity refuses
        /// changes) and read-only properties, so a cache hit allocates nothing.
        /// </summary>
        public Task<AuthenticateResult> SharedResult(string scheme)
        {
            var shared = _shared;
            if (shared is null || shared.Result.Ticket!.AuthenticationScheme != scheme)
            {
                var principal = new SharedGlyphhPrincipal(new GlyphhIdentity(Claims, JwtValidator.AuthenticationType, Grants, shared: true));
                shared = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SharedProperties, scheme)));
                principal.Result = shared;
                _shared = shared;
            }

            return shared;
        }
    }
}
