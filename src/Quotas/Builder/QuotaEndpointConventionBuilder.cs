using Microsoft.AspNetCore.Builder;

namespace Glyphh.Quotas;

/// <summary>
/// The endpoints <c>MapGlyphhQuotas()</c> maps. Conventions added here apply to both; use <see cref="Read"/> and
/// <see cref="Update"/> to protect them differently (for example read permission for GET, a platform admin for PUT).
/// </summary>
public sealed class QuotaEndpointConventionBuilder : IEndpointConventionBuilder
{
    internal QuotaEndpointConventionBuilder(IEndpointConventionBuilder group, IEndpointConventionBuilder read, IEndpointConventionBuilder update)
    {
        Group = group;
        Read = read;
        Update = update;
    }

    /// <summary>Both endpoints (the route group).</summary>
    public IEndpointConventionBuilder Group { get; }

    /// <summary><c>GET /namespaces/{namespace}/quotas</c>.</summary>
    public IEndpointConventionBuilder Read { get; }

    /// <summary><c>PUT /namespaces/{namespace}/quotas</c>.</summary>
    public IEndpointConventionBuilder Update { get; }

    /// <inheritdoc />
    public void Add(Action<EndpointBuilder> convention) => Group.Add(convention);

    /// <inheritdoc />
    public void Finally(Action<EndpointBuilder> finallyConvention) => Group.Finally(finallyConvention);
}
