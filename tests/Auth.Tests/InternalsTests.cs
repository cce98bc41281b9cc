using System.Net;
using System.Security.Claims;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Network.Internal;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>The token cache bound, CIDR parsing and grants outside a request.</summary>
public sealed class InternalsTests
{
    [Fact]
    public void TokenCache_Full_StaysBounded()
    {
        var time = new FakeTimeProvider(Tokens.Now);
        var cache = new TokenCache(3, time);
        for (var i = 0; i < 10; i++)
        {
            cache.Add("token-" + i, new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1)));
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.True(cache.TryGet("token-9", out _));
        Assert.False(cache.TryGet("token-0", out _));
    }

    [Fact]
    public void TokenCache_ExpiredEntry_IsMissAndRemoved()
    {
        var time = new FakeTimeProvider(Tokens.Now);
        var cache = new TokenCache(10, time);
        cache.Add("t", new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddMinutes(1)));
        Assert.True(cache.TryGet("t", out _));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(cache.TryGet("t", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TokenCache_TokensEndingAlike_ShareTheHashButNeverStandForEachOther()
    {
        var cache = new TokenCache(10, new FakeTimeProvider(Tokens.Now));
        var ending = new string('s', TokenCache.TokenComparer.HashedSuffix + 8);
        var first = "header.first-payload." + ending;
        var forged = "header.other-payload." + ending;
        Assert.Equal(TokenCache.TokenComparer.Instance.GetHashCode(first), TokenCache.TokenComparer.Instance.GetHashCode(forged));

        var entry = new TokenCache.Entry([], NamespaceGrants.PlatformAdmin, Tokens.Now.AddHours(1));
        cache.Add(first, entry);
        Assert.False(cache.TryGet(forged, out _));
        Assert.False(cache.TryGet(forged.AsSpan(), out _));
        Assert.True(cache.TryGet(first.AsSpan(), out var hit));
        Assert.Same(entry, hit);

        var other = new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1));
        cache.Add(forged, other);
        Assert.True(cache.TryGet(forged, out var second));
        Assert.Same(other, second);
        Assert.True(cache.TryGet(first, out var again));
        Assert.Same(entry, again);
    }

    [Fact]
    public void TokenCache_SizeZero_CachesNothing()
    {
        var cache = new TokenCache(0, new FakeTimeProvider(Tokens.Now));
        cache.Add("t", new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1)));
        Assert.False(cache.TryGet("t", out _));
    }

    [Fact]
    public void TokenCache_HitNeedsTheExactToken()
    {
        var cache = new TokenCache(10, new FakeTimeProvider(Tokens.Now));
        var token = Tokens.Hs256(Tokens.Claims());
        cache.Add(token, new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1)));

        Assert.True(cache.TryGet(token.AsSpan(), out _));
        Assert.True(cache.TryGet(new string(token.AsSpan()).AsSpan(), out _)); // the text, not the instance

        // The last signature character changed, the first payload character changed, a prefix, a suffix, the case.
        var lastSignature = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var dot = token.IndexOf('.') + 1;
        var firstPayload = token[..dot] + (token[dot] == 'e' ? 'f' : 'e') + token[(dot + 1)..];
        foreach (var other in new[] { lastSignature, firstPayload, token[..^1], token + "A", token.ToUpperInvariant(), token[..token.LastIndexOf('.')] })
        {
            Assert.False(cache.TryGet(other.AsSpan(), out _), other);
        }
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("a", "a", true)]
    [InlineData("abcdefgh", "abcdefgh", true)]
    [InlineData("abcdefghi", "abcdefghi", true)]
    [InlineData("abcdefghi", "xbcdefghi", false)]
    [InlineData("abcdefghi", "abcdxfghi", false)]
    [InlineData("abcdefghi", "abcdefghx", false)]
    [InlineData("abcd", "abce", false)]
    [InlineData("abcdefgh", "abcdefgH", false)]
    public void TokenComparer_SameChars_ComparesEveryCharacter(string x, string y, bool same)
    {
        Assert.Equal(same, TokenCache.TokenComparer.SameChars(x, y));
        Assert.Equal(same, TokenCache.TokenComparer.Instance.Equals(x.AsSpan(), y));
    }

    [Fact]
    public void TokenCache_OversizedToken_IsNotKept()
    {
        var cache = new TokenCache(10, new FakeTimeProvider(Tokens.Now));
        var longest = new string('x', TokenCache.MaxCachedTokenLength);
        var oversized = longest + "x";
        cache.Add(longest, new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1)));
        cache.Add(oversized, new TokenCache.Entry([], NamespaceGrants.Nothing, Tokens.Now.AddHours(1)));

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(longest.AsSpan(), out _));
        Assert.False(cache.TryGet(oversized.AsSpan(), out _));
        Assert.False(cache.TryGet(ReadOnlySpan<char>.Empty, out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("192.168.1.1", "192.168.1.1", true)]
    [InlineData("192.168.1.1", "192.168.1.2", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    public void CidrList_Contains(string cidr, string address, bool expected)
    {
        Assert.Equal(expected, CidrList.Parse([cidr]).Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("host.example")]
    [InlineData("0x0A.0.0.1")]
    public void CidrList_TryParse_RejectsHostileForms(string entry)
    {
        Assert.False(CidrList.TryParse(entry, out _));
    }

    [Fact]
    public void HasNamespacePermission_IdentityFromAnotherScheme_ReadsClaims()
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", "x"), new Claim("permissions", """{"m1":["write"]}""", "JSON")],
            "other");
        var principal = new ClaimsPrincipal(identity);
        Assert.True(principal.HasNamespacePermission("m1", NamespacePermission.Write));
        Assert.False(principal.HasNamespacePermission("m1", NamespacePermission.Admin));
        Assert.False(principal.HasNamespacePermission("m2", NamespacePermission.Read));
        Assert.False(principal.IsPlatformAdmin());
    }

    [Fact]
    public void HasNamespacePermission_ForeignIdentityWithBadShape_GrantsNothing()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("permissions", "[\"admin\"]")], "other"));
        Assert.False(principal.HasNamespacePermission("m1", NamespacePermission.Read));
        Assert.False(new ClaimsPrincipal(new ClaimsIdentity([new Claim("permissions", "{not json")], "other")).HasNamespacePermission("m1", NamespacePermission.Read));
    }

    [Fact]
    public void HasNamespacePermission_Anonymous_GrantsNothing()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("permissions", """{"*":["admin"]}""")]));
        Assert.False(anonymous.IsPlatformAdmin());
        Assert.False(anonymous.HasNamespacePermission("m1", NamespacePermission.Read));
    }

    [Fact]
    public void HasNamespacePermission_ClonedGlyphhPrincipal_KeepsGrants()
    {
        var grants = NamespaceGrants.PlatformAdmin;
        var principal = new ClaimsPrincipal(new GlyphhIdentity([new Claim("sub", "a")], "jwt", grants)).Clone();
        Assert.True(principal.IsPlatformAdmin());
    }
}
