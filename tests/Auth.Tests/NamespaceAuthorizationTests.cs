using System.Net;
using System.Net.Http.Json;
using System.Diagnostics.Metrics;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>Namespace permissions, wildcards, admin implication and platform admins through the real pipeline.</summary>
public sealed class NamespaceAuthorizationTests
{
    [Fact]
    public async Task RequireNamespacePermission_NamespaceNotGranted_Returns403NamingNamespaceAndPermission()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "my-model"));
        var response = await host.GetAsync("/namespaces/other-model/items", bearer: token);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("other-model", problem.Extension("namespace"));
        Assert.Equal("read", problem.Extension("permission"));
        Assert.Contains("'read'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("'other-model'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 4 && r.Category!.StartsWith("Glyphh", StringComparison.Ordinal) && r.Message.Contains("other-model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequireNamespacePermission_ReadOnlyCallerWrites_Returns403Write()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(verbs: ["read"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        var response = await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/my-model/items"), bearer: token);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("write", problem.Extension("permission"));
        Assert.Equal("my-model", problem.Extension("namespace"));
    }

    [Fact]
    public async Task RequireNamespacePermission_WriteWithoutAdmin_CannotDelete()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(verbs: ["read", "write"]));
        var response = await host.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/namespaces/my-model"), bearer: token);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("admin", problem.Extension("permission"));
    }

    [Fact]
    public async Task RequireNamespacePermission_AdminImpliesReadAndWrite()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(verbs: ["admin"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/my-model/items"), bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/namespaces/my-model"), bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/namespaces/other/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/platform", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequireNamespacePermission_WildcardRead_AppliesToEveryNamespaceButNotWrite()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["read"] }, namespaces: ["*"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/a/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/b/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/a/items"), bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/platform", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequireNamespacePermission_WildcardWithoutNamespacesClaim_AppliesEverywhere()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["read"], ["m1"] = ["write"] }));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/anything/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/m1/items"), bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/m2/items"), bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequireNamespacePermission_NamespacesClaimNarrowsWildcard()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["admin"] }, namespaces: ["m1"]));
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/namespaces/m1"), bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/namespaces/m2/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/platform", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequireNamespacePermission_PermissionOutsideNamespacesClaim_DoesNotCount()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["m1"] = ["read"], ["m2"] = ["read"] }, namespaces: ["m1"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/m1/items", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/namespaces/m2/items", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequireNamespacePermission_TokenWithoutPermissions_AuthenticatesButIsForbidden()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: null));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("/namespaces/my-model/items", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task RequirePlatformAdmin_AdminOnWildcard_Allowed_OthersForbidden()
    {
        await using var host = await AuthTestHost.StartAsync();
        var admin = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["admin"] }, namespaces: ["*"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform", bearer: admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform-by-policy", bearer: admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/namespaces/any"), bearer: admin)).StatusCode);

        var user = Tokens.Hs256(Tokens.Claims(verbs: ["admin"]));
        var response = await host.GetAsync("/platform", bearer: user);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("*", problem.Extension("namespace"));
        Assert.Equal("admin", problem.Extension("permission"));
        Assert.Contains("platform admin", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequirePlatformAdmin_Anonymous_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        await Problem.ReadAsync(await host.GetAsync("/platform"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task RequireNamespacePermission_Anonymous_Returns401NotForbidden()
    {
        await using var host = await AuthTestHost.StartAsync();
        await Problem.ReadAsync(await host.GetAsync("/namespaces/my-model/items"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task RequireNamespacePermission_CustomRouteValue_BindsModel()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "m1", verbs: ["read"]));
        Assert.Equal("model m1", await (await host.GetAsync("/models/m1", bearer: token)).Content.ReadAsStringAsync());
        var problem = await Problem.ReadAsync(await host.GetAsync("/models/m2", bearer: token), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("m2", problem.Extension("namespace"));
    }

    [Fact]
    public async Task RequireNamespacePermission_ConfiguredDefaultRouteValue_IsUsedByNamedPolicies()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.NamespaceRouteValue = "namespace");
        var token = Tokens.Hs256(Tokens.Claims(ns: "m1", verbs: ["write"]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/by-policy/m1", bearer: token)).StatusCode);
        var problem = await Problem.ReadAsync(await host.GetAsync("/by-policy/m2", bearer: token), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("write", problem.Extension("permission"));
    }

    [Fact]
    public async Task RequireNamespacePermission_RouteWithoutNamespaceValue_Returns403()
    {
        await using var host = await AuthTestHost.StartAsync();
        var admin = Tokens.Hs256(Tokens.Claims(verbs: ["admin"]));
        var problem = await Problem.ReadAsync(await host.GetAsync("/no-route-value", bearer: admin), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("'namespace'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HasNamespacePermission_InEndpointCode_ChecksBodyNamespace()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(ns: "m1", verbs: ["write"]));
        var ok = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/models") { Content = JsonContent.Create(new { name = "m1" }) }, bearer: token);
        Assert.Equal("created m1", await ok.Content.ReadAsStringAsync());
        var denied = await host.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/models") { Content = JsonContent.Create(new { name = "m2" }) }, bearer: token);
        var problem = await Problem.ReadAsync(denied, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("m2", problem.Extension("namespace"));
        Assert.Equal("write", problem.Extension("permission"));
    }

    [Fact]
    public async Task Forbid_FromEndpoint_WritesProblem()
    {
        await using var host = await AuthTestHost.StartAsync();
        var problem = await Problem.ReadAsync(await host.GetAsync("/forbid", bearer: Tokens.Hs256(Tokens.Claims())), HttpStatusCode.Forbidden, "forbidden");
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Fact]
    public async Task Denials_AreCountedByReason()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var collector = new MetricCollector<long>(host.App.Services.GetRequiredService<IMeterFactory>(), "Glyphh.Auth", "glyphh.auth.authorization.denials");
        var token = Tokens.Hs256(Tokens.Claims());
        await host.GetAsync("/namespaces/other/items", bearer: token);
        await host.GetAsync("/platform", bearer: token);
        Assert.Equal(["namespace", "platform-admin"], collector.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
    }
}
