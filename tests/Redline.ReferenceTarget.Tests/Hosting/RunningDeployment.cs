using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Redline.ReferenceTarget.Tests.Hosting;

/// <summary>A reference deployment on a real Kestrel at 127.0.0.1 with a free port, and a client for it.</summary>
public sealed class RunningDeployment : IAsyncDisposable
{
    private RunningDeployment(WebApplication app, ReferenceOptions options)
    {
        App = app;
        Options = options;
        BaseAddress = ReferenceDeployment.ListeningAddress(app);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public ReferenceOptions Options { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Builds and starts a deployment; host and port are forced to loopback and a free port.</summary>
    public static async Task<RunningDeployment> StartAsync(ReferenceOptions options, TimeProvider? time = null)
    {
        options = options with { Host = "127.0.0.1", Port = 0 };
        var app = ReferenceDeployment.Build(options, time ?? TimeProvider.System);
        try
        {
            await app.StartAsync();
            return new RunningDeployment(app, options);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>GETs <paramref name="path"/>: the status and the JSON body (undefined when there is none).</summary>
    public async Task<(int Status, JsonElement Body)> GetAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Client.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>POSTs <paramref name="body"/> as JSON to <paramref name="path"/>.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object? body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static async Task<(int, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }
}
