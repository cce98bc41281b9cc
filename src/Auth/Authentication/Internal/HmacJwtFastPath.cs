using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// One pass over the common token: a compact JWS signed with HS256/384/512 by a configured secret, only alg, typ and
/// kid in its header, and claims whose mapping is known exactly. It can only accept: anything unusual (or any failure)
/// is "not handled" and the caller runs JsonWebTokenHandler, which stays the reference for errors and claims.
/// </summary>
internal sealed class HmacJwtFastPath
{
    /// <summary>Longer headers are unusual: left to the handler.</summary>
    private const int MaxHeaderChars = 512;

    private const int StackBytes = 1024;

    private const int HmacSlotsPerThread = 4;

    /// <summary>More top-level claims are unusual (and the duplicate check is quadratic): left to the handler.</summary>
    private const int MaxMembers = 64;

    /// <summary>A UTC DateTime in the round-trip format ("o"): the only strings the handler may type as dateTime.</summary>
    private const int RoundTripDateLength = 28;

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly SigningKeys _keys;
    private readonly JwksRefresher _jwks;
    private readonly TimeProvider _time;
    private readonly bool _hs256;
    private readonly bool _hs384;
    private readonly bool _hs512;
    private readonly string? _issuer;
    private readonly string? _audience;
    private readonly TimeSpan _clockSkew;
    private readonly bool _requireSubject;
    private readonly long _maxNumericDate;
    [ThreadStatic]
    private static HmacSlot?[]? t_hmacs;

    private volatile Secrets? _secrets;

    public HmacJwtFastPath(GlyphhJwtOptions jwt, SigningKeys keys, JwksRefresher jwks, TimeProvider time, long maxNumericDate)
    {
        _keys = keys;
        _jwks = jwks;
        _time = time;
        _hs256 = keys.Algorithms.Contains(SecurityAlgorithms.HmacSha256);
        _hs384 = keys.Algorithms.Contains(SecurityAlgorithms.HmacSha384);
        _hs512 = keys.Algorithms.Contains(SecurityAlgorithms.HmacSha512);
        _issuer = jwt.Issuer;
        _audience = jwt.Audience;
        _clockSkew = jwt.ClockSkew;
        _requireSubject = jwt.RequireSubject;
        _maxNumericDate = maxNumericDate;
    }

    /// <summary>True when no HMAC algorithm is allowed: the fast path never applies.</summary>
    public bool Disabled => !(_hs256 || _hs384 || _hs512);

    /// <summary>
    /// Validates <paramref name="token"/> when it is the common case and valid; false means "not handled" (never
    /// "invalid"): the full path decides and words the reason.
    /// </summary>
    public bool TryValidate(string token, [NotNullWhen(true)] out TokenCache.Entry? entry)
    {
        entry = null;
        var keySet = _keys.Current;
        var secrets = SecretsOf(keySet);
        if (secrets.Length == 0)
        {
            return false;
        }

        var span = token.AsSpan();
        var dot1 = span.IndexOf('.');
        if (dot1 <= 0)
        {
            return false;
        }

        var dot2 = span[(dot1 + 1)..].IndexOf('.') + dot1 + 1;
        if (dot2 <= dot1 + 1 || dot2 == span.Length - 1)
        {
            return false;
        }

        var encodedHeader = span[..dot1];
        var encodedPayload = span[(dot1 + 1)..dot2];
        var signature = span[(dot2 + 1)..];
        if (encodedHeader.Length > MaxHeaderChars || !IsCanonicalBase64Url(encodedHeader) || !IsCanonicalBase64Url(encodedPayload)
            || signature.ContainsAnyExcept(Base64UrlChars))
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MaxHeaderChars * 3 / 4];
        if (!Base64Url.TryDecodeFromChars(encodedHeader, header, out var headerLength)
            || !TryReadHeader(header[..headerLength], out var hashLength))
        {
            return false;
        }

        if (!VerifySignature(span[..dot2], signature, hashLength, secrets))
        {
            return false;
        }

        var payloadMax = Base64Url.GetMaxDecodedLength(encodedPayload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(payloadMax);
        try
        {
            if (!Base64Url.TryDecodeFromChars(encodedPayload, rented, out var payloadLength)
                || !TryReadPayload(rented.AsMemory(0, payloadLength), out var claims, out var grants, out var expires))
            {
                return false;
            }

            entry = new TokenCache.Entry(claims, grants, expires) { KeySet = keySet };
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Base64url without padding, and no stray bits in the last character (other spellings go to the handler).</summary>
    private static bool IsCanonicalBase64Url(ReadOnlySpan<char> part)
    {
        if (part.Length == 0 || part.Length % 4 == 1 || part.ContainsAnyExcept(Base64UrlChars))
        {
            return false;
        }

        var last = Sextet(part[^1]);
        return (part.Length % 4) switch
        {
            2 => (last & 0x0F) == 0,
            3 => (last & 0x03) == 0,
            _ => true,
        };
    }

    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };

    /// <summary>
    /// The header must be an object of alg (an allowed HS algorithm), and optionally typ and kid, each a string once;
    /// any other member (crit, b64, zip, jku, jwk, x5u, x5c, cty, enc, ...) is left to the handler.
    /// </summary>
    private bool TryReadHeader(ReadOnlySpan<byte> json, out int hashLength)
    {
        hashLength = 0;
        var seenTyp = false;
        var seenKid = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    if (hashLength != 0 || !reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    hashLength = reader.ValueTextEquals("HS256"u8) && _hs256 ? 32
                        : reader.ValueTextEquals("HS384"u8) && _hs384 ? 48
                        : reader.ValueTextEquals("HS512"u8) && _hs512 ? 64
                        : 0;
                    if (hashLength == 0)
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("typ"u8) && !seenTyp)
                {
                    seenTyp = true;
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("kid"u8) && !seenKid)
                {
                    seenKid = true;
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    // An unknown kid makes the full path refresh the JWKS first: let it.
                    if (_jwks.Enabled && !reader.ValueTextEquals(""u8) && !_keys.KnowsKeyId(reader.GetString()!))
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            // At the object's end, with nothing but whitespace after it (Read throws on anything else).
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && hashLength != 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>HMAC of the ASCII signing input with every configured secret; the signature must be its exact base64url.</summary>
    private static bool VerifySignature(ReadOnlySpan<char> signingInput, ReadOnlySpan<char> signature, int hashLength, byte[][] secrets)
    {
        var expectedChars = Base64Url.GetEncodedLength(hashLength);
        if (signature.Length != expectedChars)
        {
            return false;
        }

        byte[]? rented = null;
        var input = signingInput.Length <= StackBytes
            ? stackalloc byte[StackBytes]
            : rented = ArrayPool<byte>.Shared.Rent(signingInput.Length);
        try
        {
            // All characters were checked to be base64url or the dot: ASCII.
            input = input[..Encoding.ASCII.GetBytes(signingInput, input)];
            Span<byte> mac = stackalloc byte[64];
            Span<char> expected = stackalloc char[86];
            var signatureBytes = MemoryMarshal.AsBytes(signature);
            var matched = false;
            foreach (var secret in secrets)
            {
                // JsonWebTokenHandler refuses an HMAC key shorter than the hash (IDX10720): never accept with one.
                if (secret.Length < hashLength)
                {
                    continue;
                }

                var hmac = Hmac(secret, hashLength);
                hmac.AppendData(input);
                var written = hmac.GetHashAndReset(mac);
                var chars = Base64Url.EncodeToChars(mac[..written], expected);
                matched |= CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected[..chars]), signatureBytes);
            }

            return matched;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// This thread's HMAC for a secret, keyed once and reset after each use: the one-shot HMACSHA256.HashData sets the
    /// key up on every call, which cost more than the hash of a token itself. A few per thread (rotation adds one).
    /// </summary>
    private static IncrementalHash Hmac(byte[] secret, int hashLength)
    {
        var slots = t_hmacs ??= new HmacSlot?[HmacSlotsPerThread];
        foreach (var slot in slots)
        {
            if (slot is not null && ReferenceEquals(slot.Secret, secret) && slot.HashLength == hashLength)
            {
                return slot.Hash;
            }
        }

        var hash = IncrementalHash.CreateHMAC(
            hashLength switch { 32 => HashAlgorithmName.SHA256, 48 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 }, secret);
        slots[^1]?.Hash.Dispose();
        Array.Copy(slots, 0, slots, 1, slots.Length - 1);
        slots[0] = new HmacSlot(secret, hashLength, hash);
        return hash;
    }

    /// <summary>
    /// Parses the payload once: the time, issuer, audience, subject and grant checks of the full path (any failure is
    /// "not handled"), and the claims exactly as JsonWebTokenHandler (MapInboundClaims off) would make them.
    /// </summary>
    private bool TryReadPayload(ReadOnlyMemory<byte> json, [NotNullWhen(true)] out Claim[]? claims, out NamespaceGrants grants, out DateTimeOffset expires)
    {
        claims = null;
        grants = NamespaceGrants.Nothing;
        expires = default;

        // JsonDocument skips a UTF-8 byte order mark; the handler's reader does not.
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return false;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // Pooled: the members hold strings and the document only until the claims are made.
        var members = ArrayPool<(string Name, JsonElement Value)>.Shared.Rent(MaxMembers);
        try
        {
            return TryReadClaims(document.RootElement, members, out claims, out grants, out expires);
        }
        finally
        {
            ArrayPool<(string Name, JsonElement Value)>.Shared.Return(members, clearArray: true);
        }
    }

    private bool TryReadClaims(
        JsonElement root, (string Name, JsonElement Value)[] members, [NotNullWhen(true)] out Claim[]? claims, out NamespaceGrants grants, out DateTimeOffset expires)
    {
        claims = null;
        grants = NamespaceGrants.Nothing;
        expires = default;
        var count = 0;
        string? iss = null;
        long? exp = null;
        long? nbf = null;
        string? sub = null;
        var audienceMatched = false;
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            if (count == MaxMembers)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                if (members[i].Name == name)
                {
                    return false;
                }
            }

            members[count++] = (name, value);
            switch (name)
            {
                case JwtRegisteredClaimNames.Iss:
                    if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(iss = value.GetString()))
                    {
                        return false;
                    }

                    break;
                case JwtRegisteredClaimNames.Sub:
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        return false;
                    }

                    sub = value.GetString();
                    break;
                case JwtRegisteredClaimNames.Exp:
                    if (!TryReadNumericDate(value, out var e))
                    {
                        return false;
                    }

                    exp = e;
                    break;
                case JwtRegisteredClaimNames.Nbf:
                    if (!TryReadNumericDate(value, out var n))
                    {
                        return false;
                    }

                    nbf = n;
                    break;
                case JwtRegisteredClaimNames.Aud:
                    if (!TryReadAudience(value, out audienceMatched))
                    {
                        return false;
                    }

                    break;
                case ClaimTypes.Actor:
                    // The handler reads an actor token from it.
                    return false;
            }
        }

        if (exp is null || (_issuer is not null && !string.Equals(iss, _issuer, StringComparison.Ordinal))
            || (_audience is not null && !audienceMatched))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        expires = DateTimeOffset.FromUnixTimeSeconds(exp.Value) + _clockSkew;
        if (expires <= now || (nbf is { } notBefore && DateTimeOffset.FromUnixTimeSeconds(notBefore) - _clockSkew > now))
        {
            return false;
        }

        if ((_requireSubject && string.IsNullOrWhiteSpace(sub)) || !GrantsParser.TryParse(root, out grants, out _))
        {
            return false;
        }

        // One claim per member, one per element of an array: the array is made to size.
        var claimCount = 0;
        foreach (var (_, value) in members.AsSpan(0, count))
        {
            claimCount += value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
        }

        var issuer = iss ?? ClaimsIdentity.DefaultIssuer;
        var made = new Claim[claimCount];
        var filled = 0;
        foreach (var (name, value) in members.AsSpan(0, count))
        {
            if (!TryAddClaims(made, ref filled, name, value, issuer))
            {
                return false;
            }
        }

        claims = made;
        return filled == claimCount;
    }

    /// <summary>An integer number of seconds in range; anything else (a fraction, a string) is left to the full path.</summary>
    private bool TryReadNumericDate(JsonElement value, out long seconds)
    {
        seconds = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out seconds) && seconds >= 0 && seconds <= _maxNumericDate;
    }

    /// <summary>A string, or an array of strings (no nulls); true in <paramref name="matched"/> when one is the configured audience.</summary>
    private bool TryReadAudience(JsonElement value, out bool matched)
    {
        matched = false;
        if (value.ValueKind == JsonValueKind.String)
        {
            matched = _audience is not null && value.ValueEquals(_audience);
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            matched |= _audience is not null && item.ValueEquals(_audience);
        }

        return true;
    }

    /// <summary>
    /// The claims JsonWebTokenHandler makes of one payload member: registered ones (iss, sub, exp, nbf, iat, aud, jti,
    /// azp) as strings or Integer64; others by JSON kind, an array as one claim per element.
    /// </summary>
    private static bool TryAddClaims(Claim[] claims, ref int filled, string name, JsonElement value, string issuer)
    {
        switch (name)
        {
            case JwtRegisteredClaimNames.Exp or JwtRegisteredClaimNames.Nbf or JwtRegisteredClaimNames.Iat:
                // The handler reads these as a long (a string or a fraction converted): integers only here.
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
                {
                    return false;
                }

                claims[filled++] = new Claim(name, seconds.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64, issuer, issuer);
                return true;
            case JwtRegisteredClaimNames.Iss or JwtRegisteredClaimNames.Sub or JwtRegisteredClaimNames.Jti or JwtRegisteredClaimNames.Azp:
                return value.ValueKind == JsonValueKind.String && TryAddClaim(claims, ref filled, name, value, issuer);
            case JwtRegisteredClaimNames.Aud when value.ValueKind == JsonValueKind.String:
                return TryAddClaim(claims, ref filled, name, value, issuer);
            case JwtRegisteredClaimNames.Aud:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || !TryAddClaim(claims, ref filled, name, item, issuer))
                    {
                        return false;
                    }
                }

                return true;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (!TryAddClaim(claims, ref filled, name, item, issuer))
                {
                    return false;
                }
            }

            return true;
        }

        return TryAddClaim(claims, ref filled, name, value, issuer);
    }

    /// <summary>One value as the handler types it (JsonClaimSet): false for the kinds whose mapping is not copied here.</summary>
    private static bool TryAddClaim(Claim[] claims, ref int filled, string name, JsonElement value, string issuer)
    {
        var (text, type) = value.ValueKind switch
        {
            // A string the handler may turn into a DateTime (value and type) is left to it.
            JsonValueKind.String => value.GetString() is { Length: not RoundTripDateLength } s ? (s, ClaimValueTypes.String) : (null, ""),
            JsonValueKind.Number when value.TryGetInt32(out var i) => (i.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            JsonValueKind.Number when value.TryGetInt64(out var l) => (l.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => (d.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Double),
            JsonValueKind.True => ("true", ClaimValueTypes.Boolean),
            JsonValueKind.False => ("false", ClaimValueTypes.Boolean),
            JsonValueKind.Null => ("", JsonClaimValueTypes.JsonNull),
            JsonValueKind.Object => (value.GetRawText(), JsonClaimValueTypes.Json),
            JsonValueKind.Array => (value.GetRawText(), JsonClaimValueTypes.JsonArray),
            _ => ((string?)null, ""),
        };
        if (text is null)
        {
            return false;
        }

        claims[filled++] = new Claim(name, text, type, issuer, issuer);
        return true;
    }

    /// <summary>The secrets of the symmetric keys in a key set, worked out once per set (a JWKS refresh makes a new one).</summary>
    private byte[][] SecretsOf(SecurityKey[] keySet)
    {
        var cached = _secrets;
        if (cached is not null && ReferenceEquals(cached.KeySet, keySet))
        {
            return cached.Keys;
        }

        var keys = keySet.OfType<SymmetricSecurityKey>().Select(k => k.Key).ToArray();
        _secrets = new Secrets(keySet, keys);
        return keys;
    }

    private sealed record Secrets(SecurityKey[] KeySet, byte[][] Keys);

    private sealed record HmacSlot(byte[] Secret, int HashLength, IncrementalHash Hash);
}
