// Customers: the people or fleets id tags belong to, and whom invoices are made out to.
export interface Customer {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}
