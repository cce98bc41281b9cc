using System.Net;
using System.Security.Claims;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Tests;

/// <summary>
/// A token seen before is served from the cache with one shared, read-only principal, and a granted namespace policy is
/// answered without the generic authorization machinery: the answers must stay those of the first sight.
/// </summary>
public sealed class CachedTokenTests
{
    [Fact]
    public async Task CachedToken_GrantedAndDeniedNamespaces_AnswerAsOnFirstSight()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
        for (var i = 0; i < 3; i++)
        {
            var granted = await host.GetAsync("/namespaces/my-model/items", bearer: token);
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            Assert.Equal("read my-model", await granted.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/models/my-model", bearer: token)).StatusCode);

            var otherNamespace = await host.GetAsync("/namespaces/other-model/items", bearer: token);
            var problem = await Problem.ReadAsync(otherNamespace, HttpStatusCode.Forbidden, "forbidden");
            Assert.Equal("other-model", problem.Extension("namespace"));

            var write = await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/my-model/items"), bearer: token);
            Assert.Equal("write", (await Problem.ReadAsync(write, HttpStatusCode.Forbidden, "forbidden")).Extension("permission"));
            await Problem.ReadAsync(await host.GetAsync("/platform", bearer: token), HttpStatusCode.Forbidden, "forbidden");
            await Problem.ReadAsync(await host.GetAsync("/no-route-value", bearer: token), HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task CachedToken_ATokenDifferingInOneSignatureCharacter_IsValidatedAndRejected()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "my-model"));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);

        // Same header, same payload, one signature character off: not the cached token, so checked and refused.
        var forged = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var refused = await host.GetAsync("/namespaces/my-model/items", bearer: forged);
        await Problem.ReadAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("signature", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task CachedToken_HostWithAnotherAuthorizationHandler_StillRunsIt()
    {
        await using var host = await AuthTestHost.StartAsync(services: s => s.AddSingleton<IAuthorizationHandler, RefuseEverything>());
        var token = Tokens.Hs256(Tokens.Claims(ns: "my-model"));
        for (var i = 0; i < 3; i++)
        {
            // The host's handler fails every request: a cached grant must not skip it.
            Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        }
    }

    [Fact]
    public async Task CachedToken_AfterExpiry_IsRejectedEvenAfterManyHits()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromMinutes(1)));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        }

        // exp + 30 s skew: still served at 1 min 29 s, refused at 1 min 31 s.
        host.Time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task SharedPrincipal_RefusesChanges_AndItsCloneIsPrivate()
    {
        var entry = new TokenCache.Entry([new Claim("sub", "a")], NamespaceGrants.PlatformAdmin, Tokens.Now.AddHours(1));
        var result = await entry.SharedResult("Glyphh");
        Assert.Same(result, await entry.SharedResult("Glyphh"));
        var principal = result.Principal!;
        var identity = (ClaimsIdentity)principal.Identity!;
        Assert.True(identity.IsAuthenticated);
        Assert.Throws<InvalidOperationException>(() => identity.AddClaim(new Claim("role", "admin")));
        Assert.Throws<InvalidOperationException>(() => identity.AddClaims([new Claim("role", "admin")]));
        Assert.Throws<InvalidOperationException>(() => identity.RemoveClaim(identity.FindFirst("sub")));
        Assert.Throws<InvalidOperationException>(() => identity.TryRemoveClaim(identity.FindFirst("sub")));
        Assert.Throws<InvalidOperationException>(() => principal.AddIdentity(new ClaimsIdentity()));
        Assert.Throws<NotSupportedException>(() => result.Properties!.Items["x"] = "y");

        var copy = principal.Clone();
        ((ClaimsIdentity)copy.Identity!).AddClaim(new Claim("role", "admin"));
        Assert.True(copy.IsPlatformAdmin());
        Assert.Null(principal.FindFirst("role"));
        Assert.Single((await entry.SharedResult("Glyphh")).Principal!.Claims);
    }

    private sealed class RefuseEverything : IAuthorizationHandler
    {
        public Task HandleAsync(AuthorizationHandlerContext context)
        {
            context.Fail();
            return Task.CompletedTask;
        }
    }
}
