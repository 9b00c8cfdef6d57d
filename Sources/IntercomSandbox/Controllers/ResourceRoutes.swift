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
        WorkspaceSettingsController(store: state.store).register(on: router)
        WorkspaceAdminController(store: state.store).register(on: router)
        ArticlesController(store: state.store).register(on: router)
        HelpCenterController(store: state.store).register(on: router)
        InternalArticlesController(store: state.store).register(on: router)
        TicketsController(store: state.store).register(on: router)
        TicketTypesController(store: state.store).register(on: router)
        NewsController(store: state.store).register(on: router)
        VisitorsController(store: state.store).register(on: router)
        CustomObjectsController(store: state.store).register(on: router)
        AIContentController(store: state.store).register(on: router)
        CallsController(store: state.store).register(on: router)
        FinController(store: state.store).register(on: router)
        ExportsController(store: state.store).register(on: router)
    }
}
