using System.Security.Claims;
using Glyphh.Auth.Authentication.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Tests;

/// <summary>The framework authentication services Glyphh.Auth swaps for cheaper ones, and only those.</summary>
public sealed class FrameworkServicesTests
{
    [Fact]
    public async Task SchemeProvider_KeptAnswers_FollowAddedAndRemovedSchemes()
    {
        var provider = new CachingSchemeProvider(new AuthenticationSchemeProvider(Microsoft.Extensions.Options.Options.Create(new AuthenticationOptions())));
        provider.AddScheme(new AuthenticationScheme("one", null, typeof(DummyHandler)));

        // One scheme: it is the default; asked twice, the same completed task.
        var first = provider.GetDefaultAuthenticateSchemeAsync();
        Assert.Same(first, provider.GetDefaultAuthenticateSchemeAsync());
        Assert.Equal("one", (await first)!.Name);
        Assert.Same(provider.GetSchemeAsync("one"), provider.GetSchemeAsync("one"));
        Assert.Null(await provider.GetSchemeAsync("two"));

        // A second scheme: no single default any more, and the name is found.
        Assert.True(provider.TryAddScheme(new AuthenticationScheme("two", null, typeof(DummyHandler))));
        Assert.Null(await provider.GetDefaultAuthenticateSchemeAsync());
        Assert.Equal("two", (await provider.GetSchemeAsync("two"))!.Name);
        Assert.Equal("one", (await provider.GetSchemeAsync("one"))!.Name);

        provider.RemoveScheme("two");
        Assert.Null(await provider.GetSchemeAsync("two"));
        Assert.Equal("one", (await provider.GetDefaultAuthenticateSchemeAsync())!.Name);
        Assert.Empty(await provider.GetRequestHandlerSchemesAsync());

        // A failed add (the name exists) still leaves the answers right.
        Assert.Throws<InvalidOperationException>(() => provider.AddScheme(new AuthenticationScheme("one", null, typeof(DummyHandler))));
        Assert.Equal("one", (await provider.GetSchemeAsync("one"))!.Name);
    }

    [Fact]
    public void AddGlyphhAuth_SwapsOnlyTheFrameworkDefaults()
    {
        using var swapped = new ServiceCollection().AddLogging().AddGlyphhAuth(o => o.Jwt.SecretKey = "0123456789abcdef0123456789abcdef").Services.BuildServiceProvider();
        Assert.IsType<CachingSchemeProvider>(swapped.GetRequiredService<IAuthenticationSchemeProvider>());
        Assert.IsType<GlyphhClaimsTransformation>(swapped.GetRequiredService<IClaimsTransformation>());
        using (var scope = swapped.CreateScope())
        {
            Assert.IsType<GlyphhHandlerProvider>(scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>());
        }

        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClaimsTransformation, AddsAClaim>();
        services.AddGlyphhAuth(o => o.Jwt.SecretKey = "0123456789abcdef0123456789abcdef");
        using var own = services.BuildServiceProvider();
        Assert.IsType<AddsAClaim>(own.GetRequiredService<IClaimsTransformation>());
    }

    [Fact]
    public async Task HandlerProvider_OneHandlerPerSchemePerRequest_NullForAnUnknownScheme()
    {
        var schemes = new AuthenticationSchemeProvider(Microsoft.Extensions.Options.Options.Create(new AuthenticationOptions()));
        schemes.AddScheme(new AuthenticationScheme("one", null, typeof(DummyHandler)));
        schemes.AddScheme(new AuthenticationScheme("two", null, typeof(DummyHandler)));
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        var provider = new GlyphhHandlerProvider(schemes);

        var one = (DummyHandler)(await provider.GetHandlerAsync(context, "one"))!;
        var two = (DummyHandler)(await provider.GetHandlerAsync(context, "two"))!;
        Assert.NotSame(one, two);
        Assert.Same(one, await provider.GetHandlerAsync(context, "one"));
        Assert.Same(two, await provider.GetHandlerAsync(context, "two"));
        Assert.Equal(("one", context), (one.Scheme!.Name, one.Context));
        Assert.Equal(("two", context), (two.Scheme!.Name, two.Context));
        Assert.Null(await provider.GetHandlerAsync(context, "three"));

        // Another request (another provider) gets handlers of its own.
        Assert.NotSame(one, await new GlyphhHandlerProvider(schemes).GetHandlerAsync(context, "one"));
    }

    [Fact]
    public async Task ClaimsTransformation_ReturnsThePrincipalUnchanged()
    {
        var transformation = new GlyphhClaimsTransformation();
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "a")], "test"));
        Assert.Same(principal, await transformation.TransformAsync(principal));
    }

    private sealed class AddsAClaim : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) => Task.FromResult(principal);
    }

    private sealed class DummyHandler : IAuthenticationHandler
    {
        public AuthenticationScheme? Scheme { get; private set; }

        public HttpContext? Context { get; private set; }

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            (Scheme, Context) = (scheme, context);
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
    }
}
