import Hummingbird

/// Mounts every resource controller.
enum ResourceRoutes {
    static func register(on router: Router<SandboxContext>, state: SandboxState) {
        AdminsController(store: state.store).register(on: router)
        ContactsController(store: state.store).register(on: router)
        CompaniesController(store: state.store).register(on: router)
        TagsController(store: state.store).register(on: router)
        EventsController(store: state.store).register(on: router)
        ConversationsController(store: state.store).register(on: router)
        MiscController(store: state.store, state: state).register(on: router)
    }
}
