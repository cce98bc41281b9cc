using System.Collections.Concurrent;

namespace Glyphh.Samples.Projects;

/// <summary>A project: a name and its items (key to text).</summary>
internal sealed class Project(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public ConcurrentDictionary<string, string> Items { get; } = new(StringComparer.Ordinal);
}

/// <summary>The projects of every namespace, in memory: the sample keeps no data beyond the process.</summary>
internal sealed class ProjectStore
{
    private readonly ConcurrentDictionary<(string Namespace, string Id), Project> _projects = new();

    public Project Add(string @namespace, string name)
    {
        var project = new Project(Guid.NewGuid().ToString("N")[..12], name);
        _projects[(@namespace, project.Id)] = project;
        return project;
    }

    public Project? Find(string @namespace, string id) => _projects.GetValueOrDefault((@namespace, id));

    public Project? Remove(string @namespace, string id) => _projects.TryRemove((@namespace, id), out var project) ? project : null;
}
