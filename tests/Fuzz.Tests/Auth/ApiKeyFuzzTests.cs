using Glyphh.Auth;
using Glyphh.Fuzz.Tests.Support;

namespace Glyphh.Fuzz.Tests.Auth;

/// <summary>Mutated and random <c>X-API-Key</c> values: only the exact key is granted; everything else is a 401 problem, never a 5xx.</summary>
public sealed class ApiKeyFuzzTests : IAsyncLifetime
{
    private AuthHost _host = null!;

    public async Task InitializeAsync() => _host = await AuthHost.StartAsync(AuthMode.ApiKey);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_ExactKey_GrantedOnItsNamespaceOnly()
    {
        Assert.True((await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", apiKey: AuthHost.ApiKey)).IsSuccessStatusCode);
        await JwtFuzzTests.AssertRefusedAsync(await _host.SendAsync(HttpMethod.Put, "/namespaces/m1/items", apiKey: AuthHost.ApiKey), "read key wrote");
        await JwtFuzzTests.AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/namespaces/m2/items", apiKey: AuthHost.ApiKey), "m1 key read m2");
        await JwtFuzzTests.AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/platform", apiKey: AuthHost.ApiKey), "key is platform admin");
    }

    [Fact]
    public async Task Get_MutatedAndRandomKeys_NeverGranted()
    {
        var mutator = new Mutator(9301);
        for (var i = 0; i < 2000; i++)
        {
            var key = i % 4 == 0 ? mutator.RandomText(120) : mutator.Mutate(AuthHost.ApiKey);
            var response = await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", apiKey: key);
            if (response.IsSuccessStatusCode)
            {
                // Surrounding whitespace is the only change a header value may carry and still be the key
                // (CR, LF and NUL are dropped before sending: HTTP cannot carry them).
                var sent = key.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal);
                Assert.True(sent.Trim() == AuthHost.ApiKey, $"seed {mutator.Seed} #{i}: a wrong key was granted: '{key}'");
            }
            else
            {
                await JwtFuzzTests.AssertRefusedAsync(response, $"seed {mutator.Seed} #{i}");
            }
        }
        await JwtFuzzTests.AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", apiKey: new string('k', 200_000)), "oversized key");
        await JwtFuzzTests.AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", "Bearer " + AuthHost.ApiKey), "key as bearer in apikey mode");
    }
}
