using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>A fresh, empty store per test, of the kind the concrete class picks.</summary>
public abstract class StoreTestBase(IStoreFactory factory) : IAsyncLifetime
{
    private readonly List<IHistoryStore> _opened = [];

    /// <summary>The store's address, as <c>--store</c> would give it.</summary>
    protected string Address { get; private set; } = "";

    /// <summary>Opens the test's store; closed at the end of the test.</summary>
    protected async Task<IHistoryStore> OpenAsync(TimeProvider? time = null)
    {
        var store = await HistoryStores.OpenAsync(Address, time);
        _opened.Add(store);
        return store;
    }

    public async Task InitializeAsync() => Address = await factory.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        if (Address.Length > 0)
        {
            await factory.DeleteAsync(Address);
        }
    }
}
