using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Claims;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.AspNetCore.Authentication;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// A bounded cache of validated tokens, keyed by the token's own text and kept until the token's expiry. Looked up
/// straight from the header's characters (no string, no hash digest per request). Why this is safe, and what it costs
/// in memory, is in the package README ("Token cache").
/// </summary>
internal sealed class TokenCache
{
    /// <summary>
    /// The longest token kept, in characters: bounds the cache's memory at capacity x 4 KB of token text. Longer
    /// tokens (unusual: a JWT is typically 300-1,000 characters) are validated on every request.
    /// </summary>
    public const int MaxCachedTokenLength = 2048;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(TokenComparer.Instance);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public TokenCache(int capacity, TimeProvider time)
    {
        _capacity = capacity;
        _time = time;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _entries.Count;

    /// <summary>False with a size of 0: then nothing is hashed or looked up per request.</summary>
    public bool Enabled => _capacity > 0;

    /// <summary>Whether a token of this length would be kept (and so is worth looking up).</summary>
    public static bool Keeps(ReadOnlySpan<char> token) => token.Length is > 0 and <= MaxCachedTokenLength;

    public bool TryGet(ReadOnlySpan<char> token, [NotNullWhen(true)] out Entry? entry)
    {
        if (Keeps(token) && _bySpan.TryGetValue(token, out entry))
        {
            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                return true;
            }

            _bySpan.TryRemove(token, out _, out _);
        }

        entry = null;
        return false;
    }

    public void Add(string token, Entry entry)
    {
        if (_capacity <= 0 || !Keeps(token))
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

        _entries[token] = entry;
    }

    /// <summary>
    /// Ordinal equality with the runtime's randomized (per-process seeded) string hash, so nobody outside can aim
    /// tokens at one bucket; equality, which runs only after a full 32-bit hash match, compares in constant time. A
    /// type of its own: the dictionaries swap the framework's ordinal comparers for a non-randomized one.
    /// </summary>
    internal sealed class TokenComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly TokenComparer Instance = new();

        internal const int HashedSuffix = 32;

        public bool Equals(string? x, string? y) => x is not null && y is not null && Equals(x.AsSpan(), y);

        public int GetHashCode(string obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<char> alternate, string other) =>
            alternate.Length == other.Length && SameChars(alternate, other);

        /// <summary>
        /// Constant time for equal lengths: every 8-byte word is compared, differences OR-ed, no early exit.
        /// <c>CryptographicOperations.FixedTimeEquals</c> does the same byte by byte with optimization off, which for
        /// a 300-character token cost about three SHA-256s, more than the hash this cache key replaced.
        /// </summary>
        internal static bool SameChars(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
        {
            var a = MemoryMarshal.AsBytes(x);
            var b = MemoryMarshal.AsBytes(y);
            ulong difference = 0;
            var i = 0;
            for (; i + sizeof(ulong) <= a.Length; i += sizeof(ulong))
            {
                difference |= MemoryMarshal.Read<ulong>(a[i..]) ^ MemoryMarshal.Read<ulong>(b[i..]);
            }

            for (; i < a.Length; i++)
            {
                difference |= (uint)(a[i] ^ b[i]);
            }

            return difference == 0;
        }

        /// <summary>
        /// The randomized hash of the last <see cref="HashedSuffix"/> characters only: the end of the signature, which
        /// differs between any two valid tokens, and a quarter or less of the work of hashing a whole token. Which
        /// bucket a token lands in is all the hash decides; equality still compares every character.
        /// </summary>
        public int GetHashCode(ReadOnlySpan<char> alternate) =>
            string.GetHashCode(alternate.Length > HashedSuffix ? alternate[^HashedSuffix..] : alternate);

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
    }

    /// <summary>A validated token: its claims and grants, until when it may be served, and the keys it was checked against.</summary>
    internal sealed record Entry(Claim[] Claims, NamespaceGrants Grants, DateTimeOffset ExpiresAt)
    {
        // Read-only properties shared by every cached ticket: nothing per request, nothing one request could leave for another.
        internal static readonly AuthenticationProperties SharedProperties = new(
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
